/**
 * Datasets: the on-disk format ({@link dev.videorec.data.DatasetWriter}, {@link dev.videorec.data.DatasetReader}),
 * the in-memory {@link dev.videorec.data.Dataset}, and the global temporal split
 * ({@link dev.videorec.data.TemporalSplit}) that every offline evaluation uses.
 *
 * <p>ML system design step: <em>data preparation</em>. A recommender is only as honest as its split: everything
 * here keeps time order, so no model can learn from the future it is evaluated on.
 */
package dev.videorec.data;
