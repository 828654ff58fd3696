/**
 * Item-based collaborative filtering on the click log: the strong simple baselines that every learned retrieval
 * model has to beat on real interaction data, usable as candidate sources of the funnel.
 *
 * <ul>
 *   <li>{@link dev.videorec.candidates.cf.Positives}: the binary user × video matrix of clicks, over the videos
 *       with enough support;</li>
 *   <li>{@link dev.videorec.candidates.cf.EaseTrainer}: EASE (Steck, "Embarrassingly Shallow Autoencoders for
 *       Sparse Data", WWW 2019), a dense item-item weight matrix in closed form, through
 *       {@link dev.videorec.candidates.cf.SymmetricInverse};</li>
 *   <li>{@link dev.videorec.candidates.cf.ItemKnnTrainer}: item-kNN with shrunk cosine similarity (Sarwar et al.,
 *       WWW 2001; Deshpande and Karypis, TOIS 2004), a sparse weight matrix of each video's k nearest
 *       neighbours;</li>
 *   <li>{@link dev.videorec.candidates.cf.ItemItemModel}: what both produce, scoring a user's history as
 *       {@code s = x_u · W}.</li>
 * </ul>
 * Both see only what the user clicked, so a history at request time is all they need: a user's list follows
 * their latest clicks without retraining.
 */
package dev.videorec.candidates.cf;
