package dev.videorec.data;

/**
 * The configuration of a synthetic world; with the seed it determines every byte the generator writes.
 *
 * @param seed               the root seed of every random draw
 * @param users              number of users, {@code >= 1}
 * @param videos             number of videos, {@code >= 1}
 * @param creators           number of creators, {@code 1..videos}
 * @param topics             number of fine topics, {@code >= 2}; they are grouped into {@link #categories()}
 * @param days               length of the logged period in days, {@code >= 1}
 * @param sessionsPerUserDay mean sessions per user per day for a user of average activity, {@code > 0}
 * @param sessionLength      impressions shown per session (positions {@code 0..sessionLength-1}), {@code >= 1}
 * @param startTime          first instant of the log, epoch seconds
 * @param driftDay           the day (0-based) from which every user's interests shift, or {@link #NO_DRIFT}
 */
public record WorldConfig(long seed, int users, int videos, int creators, int topics, int days,
                          double sessionsPerUserDay, int sessionLength, long startTime, int driftDay) {
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_TOPICS = 20;
  /** Fine topics per category in the two-level topic hierarchy. */
  public static final int TOPICS_PER_CATEGORY = 4;
  /** Videos per creator, on average, when the creator count is derived. */
  public static final int DEFAULT_VIDEOS_PER_CREATOR = 20;
  public static final double DEFAULT_SESSIONS_PER_USER_DAY = 0.55;
  public static final int DEFAULT_SESSION_LENGTH = 10;
  /** 2024-01-01T00:00:00Z. */
  public static final long DEFAULT_START_TIME = 1_704_067_200L;
  public static final int NO_DRIFT = -1;

  /** The configuration of the committed sample under {@code data/sample}. */
  public static final WorldConfig SAMPLE = of(DEFAULT_SEED, 2_000, 10_000, 30);

  public WorldConfig {
    if (users < 1) {
      throw new IllegalArgumentException("users must be >= 1, got " + users);
    }
    if (videos < 1) {
      throw new IllegalArgumentException("videos must be >= 1, got " + videos);
    }
    if (creators < 1 || creators > videos) {
      throw new IllegalArgumentException("creators must be in [1, videos=" + videos + "], got " + creators);
    }
    if (topics < 2) {
      throw new IllegalArgumentException("topics must be >= 2, got " + topics);
    }
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1, got " + days);
    }
    if (!(sessionsPerUserDay > 0) || Double.isInfinite(sessionsPerUserDay)) {
      throw new IllegalArgumentException("sessionsPerUserDay must be > 0, got " + sessionsPerUserDay);
    }
    if (sessionLength < 1) {
      throw new IllegalArgumentException("sessionLength must be >= 1, got " + sessionLength);
    }
    if (driftDay != NO_DRIFT && (driftDay < 0 || driftDay >= days)) {
      throw new IllegalArgumentException("driftDay must be in [0, days=" + days + ") or " + NO_DRIFT + ", got "
          + driftDay);
    }
  }

  /** A world with default topics, creators, session shape and start time, and no drift. */
  public static WorldConfig of(long seed, int users, int videos, int days) {
    return new WorldConfig(seed, users, videos, Math.max(1, videos / DEFAULT_VIDEOS_PER_CREATOR), DEFAULT_TOPICS,
        days, DEFAULT_SESSIONS_PER_USER_DAY, DEFAULT_SESSION_LENGTH, DEFAULT_START_TIME, NO_DRIFT);
  }

  /** The same world with interests shifting from {@code day}. */
  public WorldConfig withDriftDay(int day) {
    return new WorldConfig(seed, users, videos, creators, topics, days, sessionsPerUserDay, sessionLength, startTime,
        day);
  }

  /** Number of topic categories: {@code ceil(topics / TOPICS_PER_CATEGORY)}. */
  public int categories() {
    return (topics + TOPICS_PER_CATEGORY - 1) / TOPICS_PER_CATEGORY;
  }

  /** First instant after the log. */
  public long endTime() {
    return startTime + days * 86_400L;
  }

  /** First instant of the drift, or {@code Long.MAX_VALUE} without drift. */
  public long driftTime() {
    return driftDay == NO_DRIFT ? Long.MAX_VALUE : startTime + driftDay * 86_400L;
  }
}
