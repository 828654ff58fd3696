/**
 * The per-request trace: for each stage, how many items went in and came out, how long it took, and every
 * decision and degradation, so that any final list can be explained after the fact.
 */
package dev.videorec.core.trace;
