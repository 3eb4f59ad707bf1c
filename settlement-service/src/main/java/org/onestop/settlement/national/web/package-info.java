/** {@code POST /api/v1/hsa}: the national envelope over HTTP. */
package org.onestop.settlement.national.web;
