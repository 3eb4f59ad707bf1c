package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The statement prints the policy by its document's title, as each text names itself (cited in each policy file). */
class PolicyTitlesTest {

    @Test
    void everyPolicyFileNamesItsDocumentByTheTitleItsTextGives() {
        Map<String, String> titles = PolicyCatalog.loadDefault().all().stream()
                .collect(Collectors.toMap(RegionPolicy::version, RegionPolicy::title, (a, b) -> a));
        assertThat(titles).containsEntry("jiujiang-2022", "《九江市健全重特大疾病医疗保险和救助制度实施方案》")  // jiujiang-2022.txt line 6
                .containsEntry("yantai-2023", "《烟台市健全重特大疾病医疗保险和救助制度实施方案》")               // yantai-2023.txt line 18
                .containsEntry("liaoning-2023", "《辽宁省健全重特大疾病医疗保险和救助制度的实施意见》")            // liaoning-2023.txt line 1
                .containsEntry("shanxi-2019", "《关于进一步健全完善制度扎实做好城乡医疗救助工作的通知》")          // shanxi-2019.txt lines 10-13
                .containsEntry("bayingolin-2023", "《巴州健全重特大疾病医疗保险和救助制度的实施办法》");         // interpretation lines 1-2
    }
}
