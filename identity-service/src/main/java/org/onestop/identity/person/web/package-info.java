/** HTTP queries on a person's identities; ID numbers only in request bodies, masked in answers. */
package org.onestop.identity.person.web;
