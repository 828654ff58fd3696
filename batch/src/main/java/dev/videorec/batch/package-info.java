/**
 * The offline jobs on Apache Spark, in this process ({@code local[*]}) or on a cluster ({@code --master}).
 *
 * <p>ML system design steps: <em>data and features at scale</em> ({@link dev.videorec.batch.FeatureJob}: the
 * ranker's point-in-time training examples as window functions over each user's and video's earlier events, turned
 * into feature rows by the same {@code FeatureFormula} as the in-process store) and <em>serving by batch
 * prediction</em> ({@link dev.videorec.batch.RecommendJob}: every user's top-k lists from the one funnel, users
 * partitioned across executors, for static serving), with Spark MLlib's implicit ALS as a retrieval baseline
 * ({@code batch als}). {@link dev.videorec.batch.ParquetLogFormat} writes generated logs as
 * Parquet by day. Spark, Hadoop, Parquet and Scala are used here and nowhere else; the commands are in
 * {@link dev.videorec.batch.BatchMain}.
 */
package dev.videorec.batch;
