/** Java types of the {@code tollgate.io/v1alpha1} custom resources. */
package io.tollgate.crds;
