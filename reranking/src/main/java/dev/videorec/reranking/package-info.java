/**
 * Stage 3 of the funnel, re-ranking: business rules that turn a relevance-ordered list into the list the platform
 * is willing to show, and that explain every decision.
 *
 * <p>ML system design step: <em>serving</em>, the part of a recommender that is policy rather than model. Rules
 * that must hold whatever the model believes (never show a watched video, at most N per creator) live here, where
 * they are cheap to change and easy to audit, instead of being hoped for from a model.
 *
 * <p>A {@link dev.videorec.reranking.RuleChainReranker} runs, in order: a visible sort by score, then
 * {@link dev.videorec.core.stage.CandidateFilter}s, then {@link dev.videorec.core.stage.Selector}s.
 */
package dev.videorec.reranking;
