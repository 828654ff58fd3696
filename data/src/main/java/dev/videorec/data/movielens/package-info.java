/**
 * Loading MovieLens releases into videorec's domain, so that every model can be checked on real data. Three
 * layouts are read from a directory the user points at: the CSV layout of ml-latest-small, ml-latest and ml-25m
 * ({@code ratings.csv}, optionally {@code movies.csv}), the ml-100k layout ({@code u.data}, optionally
 * {@code u.item} and {@code u.genre}) and the ml-1m layout ({@code ratings.dat}, optionally {@code movies.dat}). See
 * {@link dev.videorec.data.movielens.MovieLensReader} for the mapping. {@link dev.videorec.data.movielens.MovieLensWriter}
 * writes a synthetic world's log in the ml-1m layout, for runs of the ratings path at any size.
 */
package dev.videorec.data.movielens;
