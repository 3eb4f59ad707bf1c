/**
 * On-application assistance (依申请救助: Jiujiang 倾斜救助, Yantai/Liaoning 因病致贫): the insurance office registers
 * an application, the region's policy decides; an approval becomes a grant in the person's book and re-settles it
 * (adjustments paid), a refusal produces the written notice of Shanxi's attachment 5.
 */
package org.onestop.settlement.application;
