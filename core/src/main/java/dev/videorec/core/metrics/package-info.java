/**
 * Offline evaluation metrics shared by every stage: retrieval (recall@K), ranking (AUC, log loss) and the final
 * list (NDCG@K). Plain functions over arrays, so each stage's evaluation and the app's report compute a metric the
 * same way.
 */
package dev.videorec.core.metrics;
