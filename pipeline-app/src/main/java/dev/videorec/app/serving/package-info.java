/**
 * Serving, the framework's online step: the funnel behind per-stage latency budgets and fallbacks
 * ({@link dev.videorec.app.serving.RecommendationService}), static or dynamic lists, cold starts, and the HTTP
 * JSON API with its metrics ({@link dev.videorec.app.serving.RecommendServer}). Nothing here knows how the
 * stages were trained; {@code dev.videorec.app.serving.Serving} builds the service from a model directory.
 */
package dev.videorec.app.serving;
