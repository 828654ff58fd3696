package dev.videorec.data;

/**
 * The names and headers of the files in a dataset directory. The layout, version {@value Manifest#FORMAT_VERSION}:
 *
 * <pre>
 * manifest.json      format, version, row counts, generator config (written last)
 * users.csv          user_id,region
 * videos.csv         video_id,creator_id,topic,duration_s,upload_ts
 * interactions.csv   ts,user_id,video_id,position,clicked,watch_s   (non-decreasing ts)
 * </pre>
 *
 * All files are UTF-8 with {@code \n} line ends and a header row. Ids and numbers are decimal integers; times are
 * epoch seconds; {@code clicked} is {@code 0} or {@code 1}; a region is a code without commas or white space.
 */
final class DatasetFiles {
  static final String MANIFEST = "manifest.json";
  static final String USERS = "users.csv";
  static final String VIDEOS = "videos.csv";
  static final String INTERACTIONS = "interactions.csv";

  static final String USERS_HEADER = "user_id,region";
  static final String VIDEOS_HEADER = "video_id,creator_id,topic,duration_s,upload_ts";
  static final String INTERACTIONS_HEADER = "ts,user_id,video_id,position,clicked,watch_s";

  private DatasetFiles() {}
}
