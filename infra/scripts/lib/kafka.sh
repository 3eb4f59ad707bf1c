# Sourced by the end-to-end scripts: a Java Kafka client (infra/scripts/KafkaTool.java) that authenticates with
# SCRAM-SHA-512 as a principal whose password the launcher wrote into <data>/secrets, or as nobody ("-").
# Debian's kcat (librdkafka 2.0.2) fails SCRAM against this Kafka 4.1 broker with credentials the Java client accepts.
#   kafka_tool_init WORKDIR         resolve the client's classpath once (Maven, after the build)
#   kafka_tool SECRETS PRINCIPAL|- read TOPIC | produce TOPIC KEY VALUE [HEADER=VALUE ...]
kafka_tool_init() {
  local out="$1/kafka.classpath"
  if [[ ! -s "$out" ]]; then
    ./mvnw -q -B -ntp compile dependency:build-classpath -pl infra/embedded -am -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$out" >/dev/null
  fi
  # without logback the client logs nothing (slf4j's no-provider default), so stdout carries only records
  KAFKA_TOOL_CP="$(tr ':' '\n' <"$out" | grep -v logback | paste -sd:)"
}
kafka_tool() {
  local secrets="$1" who="$2"; shift 2
  local password=-
  [[ "$who" != - ]] && password="$secrets/kafka-$who.password"
  java -cp "$KAFKA_TOOL_CP" infra/scripts/KafkaTool.java localhost:9092 "$who" "$password" "$@" 2> >(grep -v '^SLF4J' >&2)
}
