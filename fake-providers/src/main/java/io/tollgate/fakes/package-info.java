/** In-process fakes of provider wire formats. */
package io.tollgate.fakes;
