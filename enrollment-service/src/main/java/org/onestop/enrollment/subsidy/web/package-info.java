/** HTTP: contribution reports from the tax bureau, a person-year's history, the tax bureau's monthly CSV list. */
package org.onestop.enrollment.subsidy.web;
