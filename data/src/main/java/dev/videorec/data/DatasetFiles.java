package dev.videorec.data;

/**
 * The names and headers of the files in a dataset directory. The layout, version {@value Manifest#FORMAT_VERSION}:
 *
 * <pre>
 * manifest.json      format, version, row counts, generator config (written last)
 * datacard.json      summary statistics of a generated dataset (optional)
 * topics.csv         topic_id,category_id,name
 * users.csv          user_id,region,language,device,adult
 * videos.csv         video_id,creator_id,topics,duration_s,upload_ts,language,region,age_restricted,blocked_regions
 * subscriptions.csv  user_id,creator_id,since_ts
 * interactions.csv   ts,user_id,video_id,position,clicked,watch_s,feedback[,propensity]   (non-decreasing ts)
 * interactions/      or: the same columns as Parquet files partitioned by day (day=YYYY-MM-DD/), written by
 *                    'generate --format parquet' and read by the batch module's Spark jobs
 * </pre>
 *
 * All files are UTF-8 with {@code \n} line ends and a header row. Ids and numbers are decimal integers; times are
 * epoch seconds; {@code topics} is a {@code |}-separated list, primary topic first; {@code blocked_regions} is a
 * {@code |}-separated list, possibly empty; {@code device} is one of {@code mobile, desktop, tv, unknown};
 * {@code adult}, {@code age_restricted} and {@code clicked} are 0 or 1; {@code feedback} is 1 (like), 0 or -1
 * (dislike); region and language are short codes without commas or white space. {@code propensity}, in (0, 1], is
 * the serving policy's probability of showing that video at that position; a log without the column was served
 * by a deterministic policy and reads as propensity 1.
 */
final class DatasetFiles {
  static final String MANIFEST = "manifest.json";
  static final String DATA_CARD = "datacard.json";
  static final String TOPICS = "topics.csv";
  static final String USERS = "users.csv";
  static final String VIDEOS = "videos.csv";
  static final String SUBSCRIPTIONS = "subscriptions.csv";
  static final String INTERACTIONS = "interactions.csv";
  static final String INTERACTIONS_DIR = "interactions";

  static final String TOPICS_HEADER = "topic_id,category_id,name";
  static final String USERS_HEADER = "user_id,region,language,device,adult";
  static final String VIDEOS_HEADER =
      "video_id,creator_id,topics,duration_s,upload_ts,language,region,age_restricted,blocked_regions";
  static final String SUBSCRIPTIONS_HEADER = "user_id,creator_id,since_ts";
  static final String INTERACTIONS_HEADER = "ts,user_id,video_id,position,clicked,watch_s,feedback";
  static final String INTERACTIONS_WITH_PROPENSITY_HEADER = INTERACTIONS_HEADER + ",propensity";

  private DatasetFiles() {}
}
