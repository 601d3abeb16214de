/** The Tollgate data plane. */
package io.tollgate.proxy;
