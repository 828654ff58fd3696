/**
 * Gradient-boosted regression trees for binary labels (Friedman, "Greedy Function Approximation: A Gradient
 * Boosting Machine", Annals of Statistics 2001), with second-order leaf values and histogram split finding as in
 * XGBoost (Chen and Guestrin, KDD 2016) and LightGBM (Ke et al., NeurIPS 2017): the learner behind the ranker that
 * combines the retrieval sources' scores with item and user features. Plain Java, no native code.
 */
package dev.videorec.ranking.trees;
