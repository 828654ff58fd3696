/**
 * Loading MovieLens releases into videorec's domain, so that every model can be checked on real data. Both
 * layouts are read from a directory the user points at: the CSV layout of ml-latest-small, ml-latest and ml-25m
 * ({@code ratings.csv}, optionally {@code movies.csv}) and the ml-100k layout ({@code u.data}, optionally
 * {@code u.item} and {@code u.genre}). See {@link dev.videorec.data.movielens.MovieLensReader} for the mapping.
 */
package dev.videorec.data.movielens;
