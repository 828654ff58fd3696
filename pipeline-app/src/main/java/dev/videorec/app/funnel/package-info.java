/**
 * The funnel executor: the one code that runs candidate generation, ranking and re-ranking in order, offline or
 * within per-stage budgets with fallbacks. Every caller (the demo, evaluation, batch recommendation, the
 * simulation, the server) runs requests through {@link dev.videorec.app.funnel.Funnel}. ML system design step 6
 * (serving): the request path.
 */
package dev.videorec.app.funnel;
