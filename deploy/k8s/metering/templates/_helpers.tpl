{{/* Names: every resource of a release starts with the release name. */}}
{{- define "metering.kafkaName" -}}{{ .Release.Name }}-kafka{{- end -}}
{{- define "metering.dbName" -}}{{ .Release.Name }}-db{{- end -}}
{{- define "metering.keycloakName" -}}{{ .Release.Name }}-keycloak{{- end -}}

{{- define "metering.labels" -}}
app.kubernetes.io/part-of: metering
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{/* Pod selector of one service: (dict "root" $ "component" "ingest-service"). */}}
{{- define "metering.selector" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "metering.kafkaBootstrap" -}}
{{- if .Values.kafka.create -}}
{{ include "metering.kafkaName" . }}-kafka-bootstrap:9092
{{- else -}}
{{ required "kafka.bootstrapServers is required when kafka.create is false" .Values.kafka.bootstrapServers }}
{{- end -}}
{{- end -}}

{{- define "metering.oidcUrl" -}}
{{- if .Values.oidc.url -}}
{{ .Values.oidc.url }}
{{- else -}}
https://{{ .Values.keycloak.hostname }}/realms/{{ .Values.keycloak.realm.name }}
{{- end -}}
{{- end -}}

{{- define "metering.jdbcUrl" -}}
{{- if .Values.database.create -}}
jdbc:postgresql://{{ include "metering.dbName" . }}-rw:5432/{{ .Values.database.name }}
{{- else -}}
{{ required "database.jdbcUrl is required when database.create is false" .Values.database.jdbcUrl }}
{{- end -}}
{{- end -}}

{{/* The owner's credentials: the given Secret, else the one CloudNativePG generates for the application. */}}
{{- define "metering.dbSecret" -}}
{{- if .Values.database.existingSecret -}}
{{ .Values.database.existingSecret }}
{{- else if .Values.database.create -}}
{{ include "metering.dbName" . }}-app
{{- else -}}
{{ fail "database.existingSecret is required when database.create is false" }}
{{- end -}}
{{- end -}}

{{/* Environment both services share: HTTP binding, database, Kafka, OIDC. */}}
{{- define "metering.commonEnv" -}}
- name: QUARKUS_HTTP_HOST
  value: 0.0.0.0
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "metering.dbSecret" . }}
      key: username
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "metering.dbSecret" . }}
      key: password
- name: METERING_KAFKA_BOOTSTRAP_SERVERS
  value: {{ include "metering.kafkaBootstrap" . | quote }}
- name: METERING_OIDC_URL
  value: {{ include "metering.oidcUrl" . | quote }}
{{- if .Values.oidc.internalUrl }}
- name: QUARKUS_OIDC_AUTH_SERVER_URL
  value: {{ .Values.oidc.internalUrl | quote }}
- name: QUARKUS_OIDC_TOKEN_ISSUER
  value: {{ include "metering.oidcUrl" . | quote }}
{{- end }}
{{- end -}}

{{/* Pod and container hardening shared by both services. */}}
{{- define "metering.podSecurityContext" -}}
runAsNonRoot: true
seccompProfile:
  type: RuntimeDefault
{{- end -}}
{{- define "metering.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Probes on Quarkus SmallRye Health; started gives Flyway and the first Kafka contact time. */}}
{{- define "metering.probes" -}}
startupProbe:
  httpGet: {path: /q/health/started, port: http}
  periodSeconds: 5
  failureThreshold: 60
readinessProbe:
  httpGet: {path: /q/health/ready, port: http}
  periodSeconds: 10
  failureThreshold: 3
livenessProbe:
  httpGet: {path: /q/health/live, port: http}
  periodSeconds: 10
  failureThreshold: 6
{{- end -}}

{{- define "metering.image" -}}
{{ .root.Values.imageRegistry }}{{ .image.repository }}:{{ required "an image tag is required" .image.tag }}
{{- end -}}
