{{/*
One app Deployment (web, api or worker): the same image, the role as its command. Call with
(list $ "api" .Values.api).
*/}}
{{- define "image-editor.deployment" -}}
{{- $ := index . 0 -}}
{{- $role := index . 1 -}}
{{- $v := index . 2 -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "image-editor.fullname" $ }}-{{ $role }}
  labels:
    {{- include "image-editor.componentLabels" (list $ $role) | nindent 4 }}
spec:
  {{- if not (and $v.autoscaling $v.autoscaling.enabled) }}
  {{- if not (and (eq $role "worker") $.Values.keda.enabled) }}
  replicas: {{ $v.replicaCount }}
  {{- end }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "image-editor.componentSelector" (list $ $role) | nindent 6 }}
  template:
    metadata:
      annotations:
        {{- include "image-editor.checksums" $ | nindent 8 }}
        {{- /* The web process serves /metrics only with a token, which the annotations cannot carry. */}}
        {{- if and $.Values.metrics.scrapeAnnotations (ne $role "web") }}
        # Prometheus' kubernetes-pods scrape convention (ServiceMonitor-style, without the CRD).
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $v.port | quote }}
        prometheus.io/path: /metrics
        {{- end }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      labels:
        {{- include "image-editor.componentLabels" (list $ $role) | nindent 8 }}
    spec:
      serviceAccountName: {{ include "image-editor.serviceAccountName" $ }}
      automountServiceAccountToken: false
      {{- with $.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "image-editor.podSecurityContext" $ | nindent 8 }}
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds | default 30 }}
      {{- if and $.Values.migrations.enabled (ne $role "web") }}
      # Held until the database has this image's migrations (the migrate Job applies them).
      initContainers:
        - name: wait-for-migrations
          image: {{ include "image-editor.image" $ }}
          imagePullPolicy: {{ $.Values.image.pullPolicy }}
          args: ["migrate", "--wait"]
          {{- include "image-editor.env" $ | nindent 10 }}
          resources:
            {{- toYaml $.Values.migrations.resources | nindent 12 }}
          securityContext:
            {{- include "image-editor.containerSecurityContext" $ | nindent 12 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
      {{- end }}
      containers:
        - name: {{ $role }}
          image: {{ include "image-editor.image" $ }}
          imagePullPolicy: {{ $.Values.image.pullPolicy }}
          args: [{{ $role | quote }}]
          {{- include "image-editor.env" $ | nindent 10 }}
            - name: PORT
              value: {{ $v.port | quote }}
            # SIGTERM: readiness turns 503, the pod serves on while endpoints update, then exits
            # before the kubelet's SIGKILL (edge-api/lifecycle.ts).
            - name: SHUTDOWN_DELAY_SECONDS
              value: {{ ternary 0 $.Values.lifecycle.shutdownDelaySeconds (eq $role "worker") | quote }}
            - name: SHUTDOWN_TIMEOUT_SECONDS
              value: {{ sub ($v.terminationGracePeriodSeconds | default 30) 5 | quote }}
            {{- if eq $role "worker" }}
            - name: WORKER_CONCURRENCY
              value: {{ $v.concurrency | quote }}
            - name: WORKER_DRAIN_SECONDS
              value: {{ $v.drainSeconds | quote }}
            # onnxruntime's threads follow the CPU limit (rounded up), not the node's cores.
            - name: CPU_LIMIT
              valueFrom:
                resourceFieldRef: { containerName: worker, resource: limits.cpu, divisor: "1" }
            {{- end }}
          ports:
            # protocol is explicit: it keys the list, and server-side apply (helm 4's default)
            # on Kubernetes before 1.22 refuses an element without it.
            - name: http
              containerPort: {{ $v.port }}
              protocol: TCP
            {{- if and (eq $role "api") (include "image-editor.externalMetrics.enabled" $) }}
            - name: ext-metrics
              containerPort: {{ $.Values.worker.autoscaling.externalMetricsPort }}
              protocol: TCP
            {{- end }}
          startupProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 5
            failureThreshold: {{ $v.startupFailureThreshold | default 24 }}
          livenessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet: { path: /readyz, port: http }
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- include "image-editor.containerSecurityContext" $ | nindent 12 }}
          # The root filesystem is read-only: scratch space, DATA_DIR (model cache) and Next's cache.
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
            - { name: data, mountPath: /data }
            {{- if eq $role "web" }}
            - { name: next-cache, mountPath: /app/.next/cache }
            {{- end }}
            {{- if and (eq $role "api") (include "image-editor.externalMetrics.enabled" $) }}
            - { name: external-metrics-tls, mountPath: /etc/external-metrics, readOnly: true }
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: { sizeLimit: 256Mi }
        - name: data
          emptyDir: { sizeLimit: {{ $v.dataSizeLimit | default "512Mi" }} }
        {{- if eq $role "web" }}
        - name: next-cache
          emptyDir: { sizeLimit: 256Mi }
        {{- end }}
        {{- if and (eq $role "api") (include "image-editor.externalMetrics.enabled" $) }}
        - name: external-metrics-tls
          secret: { secretName: {{ include "image-editor.fullname" $ }}-external-metrics-tls }
        {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      tolerations:
        {{- with $v.tolerations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        # A node that stops answering gives its pods back after this long, not Kubernetes' 300 s:
        # the other nodes' replicas carry the load meanwhile, and a worker's jobs come back by lease.
        {{- range list "node.kubernetes.io/not-ready" "node.kubernetes.io/unreachable" }}
        - key: {{ . }}
          operator: Exists
          effect: NoExecute
          tolerationSeconds: {{ $.Values.scheduling.nodeLossTolerationSeconds }}
        {{- end }}
      {{- if $.Values.scheduling.spreadAcrossNodes }}
      # Replicas spread over nodes, so losing one node (as chaoskube likes to arrange) loses few.
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "image-editor.componentSelector" (list $ $role) | nindent 14 }}
      {{- end }}
{{- end }}

{{- define "image-editor.service" -}}
{{- $ := index . 0 -}}
{{- $role := index . 1 -}}
{{- $v := index . 2 -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "image-editor.fullname" $ }}-{{ $role }}
  labels:
    {{- include "image-editor.componentLabels" (list $ $role) | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "image-editor.componentSelector" (list $ $role) | nindent 4 }}
  ports:
    - name: http
      port: {{ $v.servicePort | default 80 }}
      targetPort: http
      protocol: TCP
{{- end }}

{{- define "image-editor.pdb" -}}
{{- $ := index . 0 -}}
{{- $role := index . 1 -}}
{{- $v := index . 2 -}}
apiVersion: {{ include "image-editor.capabilities.pdb.apiVersion" $ }}
kind: PodDisruptionBudget
metadata:
  name: {{ include "image-editor.fullname" $ }}-{{ $role }}
  labels:
    {{- include "image-editor.componentLabels" (list $ $role) | nindent 4 }}
spec:
  {{- if $v.pdb.maxUnavailable }}
  maxUnavailable: {{ $v.pdb.maxUnavailable }}
  {{- else }}
  minAvailable: {{ $v.pdb.minAvailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "image-editor.componentSelector" (list $ $role) | nindent 6 }}
{{- end }}
