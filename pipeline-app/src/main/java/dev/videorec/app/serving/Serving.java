package dev.videorec.app.serving;

import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.data.DataFileException;
import dev.videorec.data.TemporalSplit;
import dev.videorec.data.UserHistories;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Builds the online {@link RecommendationService} over a loaded model directory. */
public final class Serving {
  /** Popular videos kept per list for cold starts and fallbacks. */
  static final int POPULAR_KEPT = 1000;

  /** The platform's "now" for the service: what history it sees and what time requests carry. */
  public enum AsOf {
    /** The end of training: histories are what the models saw. */
    TRAIN_END,
    /** The start of the test window: histories include the validation window the models never saw. */
    TEST_START;

    /** The value named {@code train-end} or {@code test-start}, or empty. */
    public static java.util.Optional<AsOf> parse(String v) {
      return switch (v) {
        case "train-end" -> java.util.Optional.of(TRAIN_END);
        case "test-start" -> java.util.Optional.of(TEST_START);
        default -> java.util.Optional.empty();
      };
    }

    public long time(TemporalSplit split) {
      return this == TRAIN_END ? split.trainEnd() : split.validationEnd();
    }

    /** The log the platform has at this time. */
    public List<Interaction> log(TemporalSplit split) {
      if (this == TRAIN_END) {
        return split.train();
      }
      List<Interaction> log = new ArrayList<>(split.train().size() + split.validation().size());
      log.addAll(split.train());
      log.addAll(split.validation());
      return log;
    }
  }

  private Serving() {}

  /**
   * A bounded pool for the candidate sources: a source that hangs holds one thread, and a saturated pool makes
   * retrieval fail fast (the service then serves popular videos) instead of queueing without end.
   */
  public static ExecutorService sourcePool(int threads) {
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(16 * threads),
        dev.videorec.core.stage.Budgeted.daemonThreads("candidate-source"), new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * The service over {@code loaded}; in static mode, runs the batch job first (as of the end of training, with the
   * training histories).
   */
  public static RecommendationService service(ModelDirectory.Loaded loaded, ServingConfig config, AsOf asOf,
                                       Consumer<String> progress) {
    return service(loaded, config, asOf, null, progress);
  }

  /**
   * As above; in static mode with {@code lists} (a file or a directory of CSV files written by {@code recommend
   * --all-users} or {@code batch recommend --csv}), serves those lists instead of running the batch.
   *
   * @throws DataFileException naming the file of a malformed list or of a user or video the model does not know
   */
  public static RecommendationService service(ModelDirectory.Loaded loaded, ServingConfig config, AsOf asOf,
                                              java.nio.file.Path lists, Consumer<String> progress) {
    FunnelBuilder.Trained t = loaded.trained();
    TemporalSplit split = loaded.split();
    UserHistories now = asOf == AsOf.TRAIN_END ? t.histories() : UserHistories.of(asOf.log(split));
    RecommendationService.Popularity popularity = RecommendationService.Popularity.fromLog(asOf.log(split),
        u -> t.profiles().containsKey(u) ? t.profiles().get(u).region() : null, POPULAR_KEPT);
    RecommendationService service = new RecommendationService(t.funnel(), t.profiles(), now::of, popularity,
        asOf.time(split), config, new ServingMetrics());
    service.batch(t.histories()::of, split.trainEnd());
    if (config.mode() == ServingConfig.Mode.STATIC && lists != null) {
      Map<UserId, List<dev.videorec.core.VideoId>> read = readLists(lists, loaded);
      service.useLists(read);
      progress.accept(String.format(Locale.ROOT, "read %,d static lists from %s", read.size(), lists));
    } else if (config.mode() == ServingConfig.Mode.STATIC) {
      List<UserId> users = new ArrayList<>(t.profiles().keySet());
      users.sort(null);
      long start = System.nanoTime();
      progress.accept(String.format(Locale.ROOT, "precomputing top-%d lists for %,d users (static mode)",
          config.maxK(), users.size()));
      dev.videorec.core.io.Progress shown = dev.videorec.core.io.Progress.start("  users precomputed", users.size(),
          progress);
      service.precompute(users, t.histories()::of, split.trainEnd(), Runtime.getRuntime().availableProcessors(),
          shown::set);
      shown.finish();
      progress.accept(String.format(Locale.ROOT, "precomputed %,d lists in %.1f s", users.size(),
          (System.nanoTime() - start) / 1e9));
    }
    return service;
  }

  /**
   * Reads top-k lists: one CSV file, or every {@code *.csv} file of a directory (Spark's part files), each with the
   * header of {@code recommend --all-users}; a user's list must sit whole in one file.
   */
  static Map<UserId, List<dev.videorec.core.VideoId>> readLists(java.nio.file.Path path,
                                                                ModelDirectory.Loaded loaded) {
    List<java.nio.file.Path> files = new ArrayList<>();
    if (java.nio.file.Files.isDirectory(path)) {
      try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(path)) {
        s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().forEach(files::add);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot list " + path, e);
      }
      if (files.isEmpty()) {
        throw new DataFileException(path, 0, "holds no .csv file of lists");
      }
    } else {
      files.add(path);
    }
    Map<String, Integer> videos = new java.util.HashMap<>();
    for (dev.videorec.core.Video v : loaded.dataset().catalog().videos()) {
      videos.put(loaded.videoId(v.id()), v.id().value());
    }
    Map<UserId, List<dev.videorec.core.VideoId>> out = new java.util.TreeMap<>();
    for (java.nio.file.Path file : files) {
      dev.videorec.app.model.TopKLists.read(file).forEach((user, items) -> {
        UserId u = loaded.user(user).orElseThrow(() -> new DataFileException(file, 0, "user " + user
            + " is not known to the model"));
        List<dev.videorec.core.VideoId> ids = new ArrayList<>(items.size());
        for (String item : items) {
          Integer v = videos.get(item);
          if (v == null) {
            throw new DataFileException(file, 0, "video " + item + " (user " + user + ") is not in the catalogue");
          }
          ids.add(new dev.videorec.core.VideoId(v));
        }
        if (out.put(u, ids) != null) {
          throw new DataFileException(file, 0, "user " + user + " has a list in more than one file");
        }
      });
    }
    return out;
  }
}
