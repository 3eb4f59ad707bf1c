#!/usr/bin/env python3
"""Writes infra/grafana/dashboards/*.json from the panel list below: one place to read every query the dashboards run
(infra/scripts/verify-observability.sh evaluates each of them against a Prometheus scraping the running suite).
Run: python3 infra/grafana/tools/dashboards.py"""
import json, os

DS = {"type": "prometheus", "uid": "prometheus"}
OUT = os.path.join(os.path.dirname(__file__), "..", "dashboards")

def panel(pid, title, exprs, unit="short", kind="timeseries", x=0, y=0, w=12, h=8, description=""):
    targets = [{"refId": chr(65 + i), "datasource": DS, "expr": e, "legendFormat": lf, "range": True}
               for i, (e, lf) in enumerate(exprs)]
    return {"id": pid, "type": kind, "title": title, "description": description, "datasource": DS,
            "gridPos": {"x": x, "y": y, "w": w, "h": h}, "targets": targets,
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []}, "options": {}}

# Dashboard variables (issue 13): the instance a series comes from and the region a deployment serves (the
# ServiceMonitor's `region` label, infra/k8s). Every platform query filters on both; on the launcher there is no
# region label and `=~".*"` also matches its absence (verify-observability.sh substitutes ".*" for both).
VARIABLES = [
    {"name": "region", "label": "region", "type": "query", "datasource": DS, "query": "label_values(up, region)",
     "includeAll": True, "multi": True, "allValue": ".*", "refresh": 2, "current": {"text": "All", "value": "$__all"}},
    {"name": "instance", "label": "instance", "type": "query", "datasource": DS,
     "query": 'label_values(up{job=~".+-service|gateway", region=~"$region"}, instance)',
     "includeAll": True, "multi": True, "allValue": ".*", "refresh": 2, "current": {"text": "All", "value": "$__all"}},
]

def dashboard(uid, title, panels, tags, variables=()):
    laid = []
    for i, p in enumerate(panels):
        p["gridPos"]["x"] = (i % 2) * 12
        p["gridPos"]["y"] = (i // 2) * 8
        laid.append(p)
    return {"uid": uid, "title": title, "tags": ["onestop"] + tags, "schemaVersion": 39, "version": 1,
            "editable": False, "timezone": "browser", "refresh": "30s",
            "time": {"from": "now-6h", "to": "now"}, "templating": {"list": list(variables)}, "panels": laid}

RATE = "$__rate_interval"

settlement = dashboard("onestop-settlement", "OneStop · settlements and money", [
    panel(1, "Settlements per policy region and outcome (per second)",
          [(f'sum by (region, outcome) (rate(onestop_settlement_settlements_total[{RATE}]))', "{{region}} {{outcome}}")],
          "ops", description="onestop_settlement_settlements_total{region,outcome} from settlement-service"),
    panel(2, "Money paid per layer (yuan per second)",
          [(f'sum by (layer, kind) (rate(onestop_settlement_paid_fen_total[{RATE}])) / 100', "{{layer}} {{kind}}")],
          "currencyCNY", description="paid_fen has no region label (settlement-service): per region see settlements"),
    panel(3, "Money paid per layer, last 24 h (yuan)",
          [('sum by (layer) (increase(onestop_settlement_paid_fen_total{kind="ORIGINAL"}[24h])) / 100', "{{layer}}")],
          "currencyCNY", kind="bargauge"),
    panel(4, "Settle latency p50 / p99 (HTTP and bulk)",
          [(f'histogram_quantile(0.5, sum by (le) (rate(onestop_settlement_settle_latency_seconds_bucket[{RATE}])))', "p50"),
           (f'histogram_quantile(0.99, sum by (le) (rate(onestop_settlement_settle_latency_seconds_bucket[{RATE}])))', "p99")],
          "s"),
    panel(5, "HTTP 5xx share per service",
          [(f'sum by (application) (rate(http_server_requests_seconds_count{{status=~"5.."}}[{RATE}])) / sum by (application) (rate(http_server_requests_seconds_count[{RATE}]))'
            f' or sum by (application) (rate(http_server_requests_seconds_count[{RATE}])) * 0', "{{application}}")],
          "percentunit"),
    panel(6, "HTTP requests per service and status",
          [(f'sum by (application, status) (rate(http_server_requests_seconds_count{{uri!~"/actuator.*"}}[{RATE}]))'
            f' or sum by (application, status) (rate(http_server_requests_seconds_count[{RATE}]))', "{{application}} {{status}}")],
          "reqps"),
], ["settlement"])

monitoring = dashboard("onestop-monitoring", "OneStop · early warnings (因病致贫返贫预警)", [
    panel(1, "Warnings raised per region and line, last 24 h",
          [('sum by (region, line) (increase(onestop_monitoring_warnings_raised_total[24h]))', "{{region}} {{line}}")],
          kind="bargauge"),
    panel(2, "Open warnings per line and department",
          [('sum by (region, line, department) (onestop_monitoring_warnings_open)', "{{region}} {{line}} → {{department}}")]),
    panel(3, "Open warnings per department",
          [('sum by (department) (onestop_monitoring_warnings_open)', "{{department}}")], kind="stat"),
    panel(4, "Warnings routed per department (per hour)",
          [('sum by (department) (increase(onestop_monitoring_warnings_routed_total[1h])) or sum by (department) (onestop_monitoring_warnings_open) * 0',
            "{{department}}")]),
    panel(5, "Webhook deliveries per department and outcome (per minute)",
          [(f'sum by (department, outcome) (rate(onestop_monitoring_webhook_deliveries_total[{RATE}])) * 60', "{{department}} {{outcome}}")]),
    panel(6, "Webhook circuit breakers (1 = in that state)",
          [('max by (name, state) (resilience4j_circuitbreaker_state{state=~"closed|open|half_open"})', "{{name}} {{state}}")]),
    panel(7, "Webhook backlog", [('max by (application) (onestop_monitoring_webhook_backlog)', "undelivered")]),
    panel(8, "Events absorbed per topic and outcome (per second)",
          [(f'sum by (topic, outcome) (rate(onestop_monitoring_events_total[{RATE}]))', "{{topic}} {{outcome}}")], "ops"),
    panel(9, "Absorb latency p99 (one event's transaction)",
          [(f'histogram_quantile(0.99, sum by (le) (rate(onestop_monitoring_absorb_latency_seconds_bucket[{RATE}])))'
            f' or max by (application) (onestop_monitoring_absorb_latency_seconds_max)', "p99")], "s"),
], ["monitoring"])

pipeline = dashboard("onestop-pipeline", "OneStop · feeds, Kafka and outboxes", [
    panel(1, "Identity feed: rows per department and outcome (last hour)",
          [('sum by (department, outcome) (increase(onestop_identity_rows_total[1h]))', "{{department}} {{outcome}}")]),
    panel(2, "Identity feed: outbox backlog and oldest unpublished event",
          [('max(onestop_outbox_backlog{service="identity-service"})', "backlog"),
           ('max(onestop_outbox_oldest_age_seconds{service="identity-service"})', "oldest age (s)")]),
    panel(3, "Identity feed: publish lag (commit → Kafka ack, mean)",
          [(f'sum(rate(onestop_outbox_publish_lag_seconds_sum{{service="identity-service"}}[{RATE}])) / sum(rate(onestop_outbox_publish_lag_seconds_count{{service="identity-service"}}[{RATE}]))'
            ' or max(onestop_outbox_publish_lag_seconds_max{service="identity-service"})', "mean")], "s"),
    panel(4, "Kafka consumer lag per group and topic (records)",
          [('max by (group, topic) (spring_cloud_stream_binder_kafka_offset)', "{{group}} ← {{topic}}")]),
    panel(5, "Kafka consumer records-lag-max per service",
          [('max by (application) (kafka_consumer_fetch_manager_records_lag_max)', "{{application}}")]),
    panel(6, "Dead letters per service, topic and reason (last hour)",
          [('sum by (application, topic, reason) (increase({__name__=~"onestop_.+_dead_letters_total"}[1h]))',
            "{{application}} {{topic}} {{reason}}")]),
    panel(7, "Outbox backlog per service",
          [('max by (application) ({__name__=~"onestop_(.+_)?outbox_backlog"})', "{{application}}")]),
    panel(8, "Targets up",
          [('up{job=~".+-service|gateway"}', "{{job}}")], kind="stat"),
], ["kafka", "operations"])

os.makedirs(OUT, exist_ok=True)
SEL = 'instance=~"$instance", region=~"$region"'
platform = dashboard("onestop-platform", "OneStop · JVMs, Kafka brokers, PostgreSQL", [
    panel(1, "JVM heap used / max per service and instance",
          [(f'sum by (application, instance) (jvm_memory_used_bytes{{area="heap", {SEL}}}) / sum by (application, instance) (jvm_memory_max_bytes{{area="heap", {SEL}}} > 0)',
            "{{application}} {{instance}}")], "percentunit",
          description="JvmHeapNearlyFull fires above 90 % for 15 min"),
    panel(2, "Time in GC pauses (share of wall time)",
          [(f'sum by (application, instance) (rate(jvm_gc_pause_seconds_sum{{{SEL}}}[{RATE}]))', "{{application}} {{instance}}")],
          "percentunit", description="JvmGcTimeHigh fires above 20 % for 10 min"),
    panel(3, "Process CPU per service and instance",
          [(f'max by (application, instance) (process_cpu_usage{{{SEL}}})', "{{application}} {{instance}}")], "percentunit"),
    panel(4, "Live threads per service and instance",
          [(f'max by (application, instance) (jvm_threads_live_threads{{{SEL}}})', "{{application}} {{instance}}")]),
    panel(5, "Kafka: offline and under-replicated partitions",
          [('sum(kafka_controller_kafkacontroller_offlinepartitionscount)', "offline"),
           ('sum(kafka_server_replicamanager_underreplicatedpartitions)', "under-replicated")],
          description="Strimzi's JMX exporter (infra/k8s/base/kafka-metrics.yaml); not exported by the embedded broker"),
    panel(6, "Kafka: consumer-group lag per group and topic (Kafka Exporter)",
          [('sum by (consumergroup, topic) (kafka_consumergroup_lag)', "{{consumergroup}} {{topic}}")],
          description="Strimzi's Kafka Exporter; the services' own view is spring_cloud_stream_binder_kafka_offset"),
    panel(7, "PostgreSQL up (CloudNativePG or Debian's postgres exporter)",
          [('max by (instance) (cnpg_collector_up or pg_up)', "{{instance}}")], kind="stat"),
    panel(8, "PostgreSQL: commits per second per database",
          [(f'sum by (datname) (rate(pg_stat_database_xact_commit[{RATE}]) or rate(cnpg_pg_stat_database_xact_commit[{RATE}]))', "{{datname}}")],
          "ops"),
], ["platform"], VARIABLES)

for d in (settlement, monitoring, pipeline, platform):
    with open(os.path.join(OUT, d["uid"] + ".json"), "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=2)
        f.write("\n")
print("wrote", ", ".join(d["uid"] for d in (settlement, monitoring, pipeline, platform)))
