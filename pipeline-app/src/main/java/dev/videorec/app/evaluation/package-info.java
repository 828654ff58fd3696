/**
 * Offline evaluation: the report of a model directory over the test window (retrieval, ranking, the funnel,
 * re-ranking variants, static against dynamic serving), lists of any system scored on held-out data with paired
 * intervals, and batch top-k lists. ML system design step 5 (training and evaluation).
 */
package dev.videorec.app.evaluation;
