/**
 * Offline evaluation: the report of a model directory over the test window (retrieval, ranking, the funnel,
 * re-ranking variants, static against dynamic serving), lists of any system scored on held-out data with paired
 * intervals, batch top-k lists, and the reports' charts with the HTML page that gathers them. ML system design
 * step 5 (training and evaluation).
 */
package dev.videorec.app.evaluation;
