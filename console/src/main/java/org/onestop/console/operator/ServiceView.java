package org.onestop.console.operator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.onestop.console.gateway.ApiAnswer;

/**
 * One service's row of the status page, read from its {@code GET /api/v1/<service>/operations/status} answer (the
 * service's ServiceStatus, docs/runbook.md › Operator status), or the problem it answered instead.
 *
 * @param name        the service, e.g. {@code settlement-service}
 * @param answered    whether the service answered its status
 * @param problem     otherwise the problem's code and detail
 * @param observedAt  when the status was taken, Beijing time
 * @param replicas    the answering replica first (with its checks), then the others its consumer groups know
 * @param consumers   lag per binding and topic
 * @param deadLetters count and newest reasons per dead-letter topic
 * @param outbox      "n 条, 最早 s 秒" or null when not read
 * @param unavailable what the service could not read (broker, database)
 */
record ServiceView(String name, boolean answered, String problem, String observedAt, List<ReplicaView> replicas,
        List<ConsumerView> consumers, List<DeadLetterView> deadLetters, OutboxView outbox, List<String> unavailable) {

    static final DateTimeFormatter BEIJING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Shanghai"));

    record ReplicaView(String instance, String state, boolean answering, int consumers, int partitions) {
    }

    /** {@code behind}: lag above zero, the row the page highlights. */
    record ConsumerView(String binding, String group, String topic, int partitions, String lag, boolean behind,
            String state, int members) {
    }

    record DeadLetterView(String topic, String records, boolean any, List<LetterView> latest) {
    }

    record LetterView(String time, String reason, String key) {
    }

    record OutboxView(long unpublished, long oldestAgeSeconds) {
    }

    static ServiceView of(String name, ApiAnswer answer) {
        if (!answer.ok()) {
            String code = answer.code() == null ? "HTTP " + answer.status() : answer.code();
            return new ServiceView(name, false, code + ":" + answer.detail(), null, List.of(), List.of(), List.of(), null,
                    List.of());
        }
        Map<String, Object> body = answer.body();
        List<ReplicaView> replicas = new ArrayList<>();
        Map<String, Object> answeredBy = map(body.get("answeredBy"));
        String answering = text(answeredBy.get("instance"));
        replicas.add(new ReplicaView(answering, Boolean.TRUE.equals(answeredBy.get("ready")) ? "就绪 (ready)"
                : "未就绪 " + answeredBy.get("checks"), true, integer(answeredBy.get("consumers")),
                integer(answeredBy.get("partitions"))));
        for (Object o : list(body.get("replicas"))) {
            Map<String, Object> r = map(o);
            if (!text(r.get("instance")).equals(answering)) {
                replicas.add(new ReplicaView(text(r.get("instance")), "在消费组中 (group member)", false,
                        integer(r.get("consumers")), integer(r.get("partitions"))));
            }
        }
        List<ConsumerView> consumers = new ArrayList<>();
        for (Object o : list(body.get("consumers"))) {
            Map<String, Object> c = map(o);
            Object lag = c.get("lag");
            consumers.add(new ConsumerView(text(c.get("binding")), text(c.get("group")), text(c.get("topic")),
                    integer(c.get("partitions")), lag == null ? "未知" : lag.toString(),
                    lag instanceof Number n && n.longValue() > 0, text(c.get("state")), integer(c.get("members"))));
        }
        List<DeadLetterView> deadLetters = new ArrayList<>();
        for (Object o : list(body.get("deadLetters"))) {
            Map<String, Object> d = map(o);
            Object records = d.get("records");
            List<LetterView> latest = new ArrayList<>();
            for (Object l : list(d.get("latest"))) {
                Map<String, Object> letter = map(l);
                latest.add(new LetterView(time(letter.get("time")), text(letter.get("reason")),
                        letter.get("key") == null ? "" : text(letter.get("key"))));
            }
            deadLetters.add(new DeadLetterView(text(d.get("topic")), records == null ? "未知" : records.toString(),
                    records instanceof Number n && n.longValue() > 0, latest));
        }
        Map<String, Object> outbox = map(body.get("outbox"));
        List<String> unavailable = list(body.get("unavailable")).stream().map(String::valueOf).toList();
        return new ServiceView(name, true, null, time(body.get("observedAt")), replicas, consumers, deadLetters,
                outbox.isEmpty() ? null : new OutboxView(longValue(outbox.get("unpublished")),
                        longValue(outbox.get("oldestAgeSeconds"))), unavailable);
    }

    /** Whether anything on this row needs an operator: no answer, a lag, a dead letter, something unreadable. */
    public boolean needsAttention() {
        return !answered || !unavailable.isEmpty() || consumers.stream().anyMatch(ConsumerView::behind)
                || deadLetters.stream().anyMatch(DeadLetterView::any);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    private static int integer(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    private static long longValue(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static String time(Object o) {
        if (o == null) {
            return "";
        }
        try {
            return BEIJING.format(Instant.parse(o.toString()));
        } catch (DateTimeParseException e) {
            return o.toString();
        }
    }
}
