/**
 * Serving, the framework's online step: the funnel behind per-stage latency budgets and fallbacks
 * ({@link dev.videorec.app.serving.RecommendationService}), static or dynamic lists, cold starts, the HTTP
 * JSON API on Jetty with its connection limits, its OpenAPI contract and its web page
 * ({@link dev.videorec.app.serving.RecommendServer}), and its metrics in Prometheus's format and as JSON
 * ({@link dev.videorec.app.serving.ServingMetrics}). Nothing here knows how the
 * stages were trained; {@code dev.videorec.app.serving.Serving} builds the service from a model directory.
 */
package dev.videorec.app.serving;
