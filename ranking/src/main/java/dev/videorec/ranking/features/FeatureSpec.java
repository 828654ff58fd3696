package dev.videorec.ranking.features;

import java.util.List;

/**
 * The names and order of the ranking features, version {@value #VERSION}. Each is a float; how each is derived
 * and what a missing value becomes is documented on {@link PointInTimeFeatures#features}.
 */
public final class FeatureSpec {
  public static final int VERSION = 3;

  /** Feature names in vector order. */
  public static final List<String> NAMES = List.of(
      "user_topic_affinity_log",
      "user_clicks_log",
      "user_creator_clicks_log",
      "video_ctr_smoothed",
      "video_watch_fraction_smoothed",
      "video_clicks_log",
      "video_impressions_log",
      "video_age_days_log",
      "video_duration_log",
      "video_ctr_longterm_smoothed",
      "user_days_since_click_log",
      "hour_sin",
      "hour_cos",
      "device_mobile",
      "device_desktop",
      "device_tv");

  public static final int SIZE = NAMES.size();

  private FeatureSpec() {}
}
