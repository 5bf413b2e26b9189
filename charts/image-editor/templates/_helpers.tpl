{{/* Names and labels, after `helm create`. */}}
{{- define "image-editor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "image-editor.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "image-editor.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "image-editor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "image-editor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "image-editor.labels" -}}
helm.sh/chart: {{ include "image-editor.chart" . }}
{{ include "image-editor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: image-editor
{{- end }}

{{/* Labels of one component (web, api, worker, redis, postgresql, migrate). Call with (list $ "api"). */}}
{{- define "image-editor.componentLabels" -}}
{{- $ := index . 0 -}}
{{ include "image-editor.labels" $ }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "image-editor.componentSelector" -}}
{{- $ := index . 0 -}}
{{ include "image-editor.selectorLabels" $ }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "image-editor.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "image-editor.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "image-editor.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "image-editor.secretName" -}}
{{- default (printf "%s-secrets" (include "image-editor.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{- define "image-editor.redisUrl" -}}
{{- if .Values.redis.enabled }}
{{- printf "redis://%s-redis:6379" (include "image-editor.fullname" .) }}
{{- else }}
{{- required "Set secrets.redisUrl (or secrets.existingSecret), or redis.enabled=true" .Values.secrets.redisUrl }}
{{- end }}
{{- end }}

{{- define "image-editor.databaseUrl" -}}
{{- if .Values.postgresql.enabled }}
{{- printf "postgres://%s:%s@%s-postgresql:5432/%s" .Values.postgresql.auth.username .Values.postgresql.auth.password (include "image-editor.fullname" .) .Values.postgresql.auth.database }}
{{- else }}
{{- required "Set secrets.databaseUrl (or secrets.existingSecret), or postgresql.enabled=true" .Values.secrets.databaseUrl }}
{{- end }}
{{- end }}

{{/* The environment every app container gets: the ConfigMap, and the Secret's keys. */}}
{{- define "image-editor.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "image-editor.fullname" . }}-config
env:
  - name: JWT_SECRET
    valueFrom: { secretKeyRef: { name: {{ include "image-editor.secretName" . }}, key: JWT_SECRET } }
  - name: DATABASE_URL
    valueFrom: { secretKeyRef: { name: {{ include "image-editor.secretName" . }}, key: DATABASE_URL } }
  - name: REDIS_URL
    valueFrom: { secretKeyRef: { name: {{ include "image-editor.secretName" . }}, key: REDIS_URL } }
  # Shown beside each replica on /status, so a scale-up, a drain or a lost node can be watched.
  - name: NODE_NAME
    valueFrom: { fieldRef: { fieldPath: spec.nodeName } }
{{- end }}

{{/* Restarts pods when the configuration they read changes. */}}
{{- define "image-editor.checksums" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
{{- if not .Values.secrets.existingSecret }}
checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}
{{- end }}

{{- define "image-editor.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "image-editor.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext }}
{{- end }}

{{/*
API versions from what the cluster serves, after Bitnami's common.capabilities helpers: the chart
installs on Kubernetes 1.20 (policy/v1beta1, autoscaling/v2beta2) and on current k3s (policy/v1,
autoscaling/v2). `helm template --kube-version` and --api-versions decide them offline.
*/}}
{{- define "image-editor.capabilities.kubeVersion" -}}
{{- default .Capabilities.KubeVersion.Version .Values.kubeVersion -}}
{{- end }}

{{- define "image-editor.capabilities.pdb.apiVersion" -}}
{{- if and (.Capabilities.APIVersions.Has "policy/v1") (semverCompare ">=1.21-0" (include "image-editor.capabilities.kubeVersion" .)) -}}
policy/v1
{{- else -}}
policy/v1beta1
{{- end -}}
{{- end }}

{{- define "image-editor.capabilities.hpa.apiVersion" -}}
{{- if and (.Capabilities.APIVersions.Has "autoscaling/v2") (semverCompare ">=1.23-0" (include "image-editor.capabilities.kubeVersion" .)) -}}
autoscaling/v2
{{- else -}}
autoscaling/v2beta2
{{- end -}}
{{- end }}

{{/*
Non-empty when the api pods serve Kubernetes' external metrics API (the queue) for the workers'
HPA: worker.autoscaling.metric queue, with the HPA on and KEDA off.
*/}}
{{- define "image-editor.externalMetrics.enabled" -}}
{{- $a := .Values.worker.autoscaling -}}
{{- if and $a.enabled (eq $a.metric "queue") (not .Values.keda.enabled) -}}true{{- end -}}
{{- end }}
