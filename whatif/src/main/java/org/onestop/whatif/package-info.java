/** Policy what-if: a person's book replayed under the current and a candidate policy, tallied side by side (pure, no Spring). */
package org.onestop.whatif;
