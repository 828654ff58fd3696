/**
 * The re-ranking chain as configuration: a JSON document with three arrays, {@code filters}, {@code rescorers}
 * and {@code selectors}, each an ordered list of rules identified by {@code type}. {@link
 * dev.videorec.reranking.config.RerankConfig} parses it strictly (unknown keys, unknown rule types and bad values
 * are errors naming the key) and builds a {@link dev.videorec.reranking.RuleChainReranker}.
 */
package dev.videorec.reranking.config;
