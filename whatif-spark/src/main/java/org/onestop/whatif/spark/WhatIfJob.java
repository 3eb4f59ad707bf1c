package org.onestop.whatif.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.api.java.function.ReduceFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.onestop.policy.PolicyCatalog;
import org.onestop.whatif.CandidatePolicy;
import org.onestop.whatif.HistoryCsv;
import org.onestop.whatif.PersonHistory;
import org.onestop.whatif.WhatIf;
import org.onestop.whatif.WhatIfReport;
import org.onestop.whatif.WhatIfRunner;
import org.onestop.whatif.WhatIfTally;

/**
 * The what-if of a policy region and year over an export of the books ({@code GET /api/v1/what-if/export}, lines of
 * {@link HistoryCsv}): the lines grouped into one row per person, repartitioned by person, each partition replayed and
 * tallied by {@code onestop-whatif} (the policy jar as the function), the partitions' tallies merged, and the result
 * written by the same {@link WhatIfReport} as the API's, so the document is identical.
 *
 * <pre>
 * spark-submit --class org.onestop.whatif.spark.WhatIfJob onestop-whatif-spark.jar \
 *   --books books.csv --region 360400 --year 2025 --candidate candidate.yaml --out result [--override k=v ...]
 * </pre>
 * {@code --candidate} is the run's effective policy YAML (a whole file, or the shipped one with overrides applied, as
 * the API stores it); {@code --override} passes the deployment's policy overrides ({@code <version>.<path>=value}) that
 * the current side uses, like settlement-service's {@code onestop.settlement.policy-overrides}.
 */
public final class WhatIfJob {

    private WhatIfJob() {
    }

    /** What a partition needs to build its {@link WhatIf}: small, serialisable, rebuilt on the executors. */
    record Spec(String region, int year, String candidateYaml, Map<String, String> overrides) implements Serializable {

        WhatIf whatIf() {
            return new WhatIf(PolicyCatalog.loadDefault(overrides), region, year,
                    CandidatePolicy.ofYaml(candidateYaml, region).policy());
        }
    }

    /** The merged tally of every person-year of the region and year in the export at {@code books}. */
    static WhatIfTally tally(SparkSession spark, String books, Spec spec, int partitions) {
        Dataset<String> lines = spark.read().textFile(books).filter((FilterFunction<String>) l -> !l.isBlank());
        Dataset<PersonBookRow> persons = lines
                .groupByKey((MapFunction<String, String>) HistoryCsv::personOf, Encoders.STRING())
                .mapGroups((MapGroupsFunction<String, String, PersonBookRow>) (person, it) -> {
                    List<String> own = new ArrayList<>();
                    it.forEachRemaining(own::add);
                    Collections.sort(own);
                    return new PersonBookRow(person, own);
                }, Encoders.bean(PersonBookRow.class))
                .repartition(partitions, col("personRef"));
        Dataset<WhatIfTally> parts = persons.mapPartitions((MapPartitionsFunction<PersonBookRow, WhatIfTally>) rows -> {
            WhatIf w = spec.whatIf();
            List<PersonHistory> histories = new ArrayList<>();
            rows.forEachRemaining(r -> histories.add(HistoryCsv.read(r.getPersonRef(), r.getLines())));
            Iterator<WhatIfTally> one = List.of(WhatIfRunner.tally(w, histories, () -> false)).iterator();
            return one;
        }, Encoders.javaSerialization(WhatIfTally.class));
        return parts.reduce((ReduceFunction<WhatIfTally>) WhatIfTally::merge);
    }

    /** The result document (JSON) of the export at {@code books}. */
    public static String json(SparkSession spark, String books, String region, int year, String candidateYaml,
                              Map<String, String> overrides, int partitions) {
        Spec spec = new Spec(region, year, candidateYaml, overrides);
        return WhatIfReport.json(spec.whatIf(), tally(spark, books, spec, partitions));
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--override")) {
                String[] kv = args[i + 1].split("=", 2);
                overrides.put(kv[0], kv[1]);
            } else {
                a.put(args[i], args[i + 1]);
            }
        }
        for (String required : List.of("--books", "--region", "--year", "--candidate", "--out")) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required
                        + " (usage: --books <export> --region <code> --year <yyyy> --candidate <yaml> --out <dir>)");
            }
        }
        SparkSession spark = SparkSession.builder().appName("onestop-what-if").getOrCreate();
        try {
            Spec spec = new Spec(a.get("--region"), Integer.parseInt(a.get("--year")),
                    Files.readString(Path.of(a.get("--candidate")), StandardCharsets.UTF_8), overrides);
            int partitions = Integer.parseInt(a.getOrDefault("--partitions",
                    Integer.toString(spark.sparkContext().defaultParallelism())));
            WhatIfTally total = tally(spark, a.get("--books"), spec, partitions);
            WhatIf w = spec.whatIf();
            Path out = Path.of(a.get("--out"));
            Files.createDirectories(out);
            Files.writeString(out.resolve("result.json"), WhatIfReport.json(w, total), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("result.csv"), WhatIfReport.csv(w, total), StandardCharsets.UTF_8);
        } finally {
            spark.stop();
        }
    }
}
