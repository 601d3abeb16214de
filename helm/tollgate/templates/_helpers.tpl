{{/* Chart name, for labels. */}}
{{- define "tollgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name. */}}
{{- define "tollgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else if contains (include "tollgate.name" .) .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "tollgate.name" .) | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "tollgate.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "tollgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tollgate
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component (operator or proxy); pass (dict "ctx" $ "component" "x"). */}}
{{- define "tollgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tollgate.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The operator reads the readiness of the pods this selector finds. */}}
{{- define "tollgate.proxySelector" -}}
{{- printf "app.kubernetes.io/instance=%s,app.kubernetes.io/component=proxy" .Release.Name }}
{{- end }}

{{- define "tollgate.operatorServiceAccount" -}}
{{- default (printf "%s-operator" (include "tollgate.fullname" .)) .Values.operator.serviceAccount.name }}
{{- end }}

{{- define "tollgate.proxyServiceAccount" -}}
{{- default (printf "%s-proxy" (include "tollgate.fullname" .)) .Values.proxy.serviceAccount.name }}
{{- end }}

{{- define "tollgate.operatorImage" -}}
{{- printf "%s:%s" .Values.operator.image.repository (default .Chart.AppVersion .Values.operator.image.tag) }}
{{- end }}

{{- define "tollgate.proxyImage" -}}
{{- printf "%s:%s" .Values.proxy.image.repository (default .Chart.AppVersion .Values.proxy.image.tag) }}
{{- end }}

{{/* Name of the Secret holding the Redis password (the user's, or the chart's own). */}}
{{- define "tollgate.redisSecret" -}}
{{- default (printf "%s-redis" (include "tollgate.fullname" .)) .Values.redis.auth.existingSecret }}
{{- end }}

{{/*
Redis settings, the same for the proxies (which count limits and budget spend there) and the
operator (which reads budget spend for TeamBudget status). Renders nothing unless redis.enabled.
*/}}
{{- define "tollgate.redisEnv" -}}
{{- if .Values.redis.enabled }}
- name: TOLLGATE_REDIS_URL
  value: {{ printf "%s://%s" (ternary "rediss" "redis" .Values.redis.tls) (required "redis.address is required when redis.enabled" .Values.redis.address) | quote }}
{{- if or .Values.redis.auth.existingSecret .Values.redis.auth.password }}
- name: TOLLGATE_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "tollgate.redisSecret" . }}
      key: {{ .Values.redis.auth.passwordKey }}
{{- end }}
{{- if and .Values.redis.auth.existingSecret .Values.redis.auth.usernameKey }}
- name: TOLLGATE_REDIS_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.auth.existingSecret }}
      key: {{ .Values.redis.auth.usernameKey }}
{{- end }}
{{- end }}
{{- end }}

{{/* What the operator may do to the resources it compiles, in every namespace it watches. */}}
{{- define "tollgate.operatorWatchRules" -}}
- apiGroups: ["tollgate.io"]
  resources: ["modelroutes", "apikeys", "teambudgets"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["tollgate.io"]
  resources: ["modelroutes/status", "apikeys/status", "teambudgets/status"]
  verbs: ["get", "update"]
# Secrets: read referenced credentials and key values; create and update the Secrets it generates
# for ApiKeys (and the snapshot parts in the release namespace). Never delete here.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update"]
# Events: one per budget alert threshold crossed, on the TeamBudget. Each has a fixed name and is
# created once; never updated.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}
