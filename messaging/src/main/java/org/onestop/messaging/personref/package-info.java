/** The person-reference secret every service of one deployment shares ({@code onestop.person-ref.*}). */
package org.onestop.messaging.personref;
