package dev.videorec.app.simulation;

import dev.videorec.core.Recommendation;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.io.AtomicFiles;
import dev.videorec.data.DataFileException;
import dev.videorec.data.DatasetWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A log of served lists with the serving policy's propensities: one row per shown slot, {@value #HEADER}. A
 * deterministic policy logs propensity 1; an exploration policy the probability that it shows that video at that
 * slot for that request, and in {@code slot_propensities} its probability at every slot of the list (space
 * separated, top slot first; empty where the policy does not give them). It is what off-policy evaluation and
 * debiased retraining read.
 *
 * <p>{@link #collect} writes one simulated day of it: the synthetic world's users open their sessions (a Poisson
 * number per day, at uniform times, as in {@link AbSimulation}), see the policy's list for their history at that
 * moment, and click and watch as the ground truth says; a click joins the history. The same seed gives the same
 * sessions whatever the policy, so a policy run on-policy with the seed meets the same users at the same times.
 */
public final class ExplorationLog {
  public static final String HEADER =
      "request,user_id,ts,slot,video_id,propensity,clicked,watch_seconds,slot_propensities";

  /**
   * One served list.
   *
   * @param id          the request's number in the log
   * @param user        who asked
   * @param time        when (epoch seconds)
   * @param shown       the videos, top slot first
   * @param propensity  the serving policy's probability of each at its slot
   * @param clicked     whether each was clicked
   * @param watchSeconds seconds watched of each (0 without a click)
   * @param slotPropensities for each shown video, the serving policy's probability of showing it at each slot of
   *                    the list ({@code [slot shown][slot]}); a deterministic policy's is 1 at its own slot. Null
   *                    when the log does not say (a log written before the column existed)
   */
  public record Request(int id, UserId user, long time, List<VideoId> shown, double[] propensity,
                        boolean[] clicked, double[] watchSeconds, double[][] slotPropensities) {
    public Request {
      shown = List.copyOf(shown);
      if (propensity.length != shown.size() || clicked.length != shown.size()
          || watchSeconds.length != shown.size()
          || slotPropensities != null && slotPropensities.length != shown.size()) {
        throw new IllegalArgumentException("request " + id + ": every slot needs a propensity, a click and a "
            + "watch time");
      }
      if (slotPropensities != null) {
        for (int s = 0; s < shown.size(); s++) {
          if (slotPropensities[s].length <= s || slotPropensities[s][s] != propensity[s]) {
            throw new IllegalArgumentException("request " + id + ", slot " + s + ": the slot propensities must "
                + "cover the video's own slot and agree with its propensity");
          }
        }
      }
    }

    /** A request whose log gives each video's propensity at its own slot only. */
    public Request(int id, UserId user, long time, List<VideoId> shown, double[] propensity, boolean[] clicked,
                   double[] watchSeconds) {
      this(id, user, time, shown, propensity, clicked, watchSeconds, null);
    }

    public double clicks() {
      double n = 0;
      for (boolean c : clicked) {
        n += c ? 1 : 0;
      }
      return n;
    }

    public double minutes() {
      return Arrays.stream(watchSeconds).sum() / 60;
    }
  }

  private ExplorationLog() {}

  /**
   * Simulates one day from {@code start} with {@code policy} serving every user, and returns the log, requests in
   * time order.
   *
   * @param histories each user's history at {@code start}
   */
  public static List<Request> collect(Function<RequestContext, List<Recommendation>> policy, List<UserId> users,
                                      Map<UserId, User> profiles, Function<UserId, UserHistory> histories,
                                      long start, AbSimulation.Truth truth, int k, long seed, int threads) {
    Objects.requireNonNull(policy, "policy");
    @SuppressWarnings("unchecked")
    List<Request>[] byUser = new List[users.size()];
    dev.videorec.app.funnel.Parallel.forEach(users.size(), threads, i -> {
      UserId u = users.get(i);
      byUser[i] = day(policy, u, profiles.get(u), histories.apply(u), start, truth, k, seed);
    }, Integer.MAX_VALUE, n -> { });
    List<Request> all = new ArrayList<>();
    for (List<Request> l : byUser) {
      all.addAll(l);
    }
    all.sort(Comparator.comparingLong(Request::time).thenComparing(Request::user));
    List<Request> numbered = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Request r = all.get(i);
      numbered.add(new Request(i, r.user(), r.time(), r.shown(), r.propensity(), r.clicked(), r.watchSeconds(),
          r.slotPropensities()));
    }
    return numbered;
  }

  private static List<Request> day(Function<RequestContext, List<Recommendation>> policy, UserId user,
                                   User profile, UserHistory start, long dayStart, AbSimulation.Truth truth, int k,
                                   long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ (user.value() * 0x9E3779B97F4A7C15L));
    // Sessions and their times first, so that they are the same whatever the policy shows.
    int n = AbSimulation.poisson(truth.sessionsPerDay(user), random);
    long[] times = new long[n];
    for (int s = 0; s < n; s++) {
      times[s] = dayStart + random.nextInt(86_400);
    }
    Arrays.sort(times);
    SplittableRandom behaviour = random.split();
    List<VideoId> watched = new ArrayList<>(start.watched());
    List<Request> out = new ArrayList<>();
    for (long time : times) {
      RequestContext ctx = new RequestContext(new RecommendationRequest(user, time, k), profile,
          new UserHistory(user, watched, start.disliked()));
      List<Recommendation> list = policy.apply(ctx);
      List<VideoId> shown = new ArrayList<>(list.size());
      double[] propensity = new double[list.size()];
      double[][] slots = new double[list.size()][];
      boolean[] clicked = new boolean[list.size()];
      double[] seconds = new double[list.size()];
      for (int p = 0; p < list.size(); p++) {
        VideoId v = list.get(p).video();
        shown.add(v);
        propensity[p] = list.get(p).propensity();
        slots[p] = slotPropensities(list.get(p), p, list.size());
        clicked[p] = behaviour.nextDouble() < truth.clickProbability(user, v, time, p);
        if (clicked[p]) {
          seconds[p] = truth.watchSeconds(user, v, time);
        }
      }
      for (int p = 0; p < shown.size(); p++) {
        if (clicked[p]) {
          watched.remove(shown.get(p));
          watched.add(0, shown.get(p));
        }
      }
      out.add(new Request(0, user, time, shown, propensity, clicked, seconds, slots));
    }
    return out;
  }

  /**
   * A shown entry's probability at each of the list's {@code size} slots: what its policy reports, or, for a policy
   * that reports only its own slot, that probability there and 0 elsewhere (exact for a deterministic list).
   */
  private static double[] slotPropensities(Recommendation r, int slot, int size) {
    double[] out = new double[size];
    if (r.slotPropensities().isEmpty()) {
      out[slot] = r.propensity();
      return out;
    }
    for (int s = 0; s < Math.min(size, r.slotPropensities().size()); s++) {
      out[s] = r.slotPropensities().get(s);
    }
    out[slot] = r.propensity();
    return out;
  }

  /**
   * The context each logged request was served in: the user's history at the start plus what they clicked in
   * the log before it, in the order {@link #collect} builds it.
   */
  public static List<RequestContext> contexts(List<Request> log, Map<UserId, User> profiles,
                                              Function<UserId, UserHistory> histories, int k) {
    Map<UserId, List<VideoId>> watched = new java.util.HashMap<>();
    Map<UserId, List<VideoId>> disliked = new java.util.HashMap<>();
    List<RequestContext> out = new ArrayList<>(log.size());
    for (Request r : log) {
      List<VideoId> w = watched.computeIfAbsent(r.user(), u -> {
        UserHistory h = histories.apply(u);
        disliked.put(u, h.disliked());
        return new ArrayList<>(h.watched());
      });
      User profile = profiles.get(r.user());
      if (profile == null) {
        throw new IllegalArgumentException("request " + r.id() + ": user " + r.user().value()
            + " is not one of the model's users");
      }
      out.add(new RequestContext(new RecommendationRequest(r.user(), r.time(), k), profile,
          new UserHistory(r.user(), List.copyOf(w), disliked.get(r.user()))));
      for (int p = 0; p < r.shown().size(); p++) {
        if (r.clicked()[p]) {
          w.remove(r.shown().get(p));
          w.add(0, r.shown().get(p));
        }
      }
    }
    return out;
  }

  /** Writes {@code log} as CSV to {@code file}, atomically. */
  public static void write(List<Request> log, Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (CSVPrinter csv = new CSVPrinter(sb, DatasetWriter.CSV)) {
      csv.printRecord((Object[]) HEADER.split(","));
      for (Request r : log) {
        for (int p = 0; p < r.shown().size(); p++) {
          csv.printRecord(r.id(), r.user().value(), r.time(), p, r.shown().get(p).value(),
              String.format(Locale.ROOT, "%.9g", r.propensity()[p]), r.clicked()[p] ? 1 : 0,
              String.format(Locale.ROOT, "%.1f", r.watchSeconds()[p]), slotColumn(r, p));
        }
      }
    }
    AtomicFiles.writeString(file, sb.toString());
  }

  private static String slotColumn(Request r, int p) {
    if (r.slotPropensities() == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (double x : r.slotPropensities()[p]) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(x == 0 ? "0" : String.format(Locale.ROOT, "%.9g", x));
    }
    return sb.toString();
  }

  /**
   * Reads a log {@link #write} wrote. A file without the propensity column (a log of a deterministic policy)
   * reads with propensity 1; one without the slot propensities column (or with it empty) reads with none.
   *
   * @throws DataFileException naming the file, the line and the problem
   */
  public static List<Request> read(Path file) {
    List<Request> out = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
      List<String> header = csv.getHeaderNames();
      for (String column : HEADER.split(",")) {
        if (!column.equals("propensity") && !column.equals("slot_propensities") && !header.contains(column)) {
          throw new DataFileException(file, 1, "no column '" + column + "' (expected " + HEADER + ")");
        }
      }
      boolean hasPropensity = header.contains("propensity");
      boolean hasSlots = header.contains("slot_propensities");
      int current = -1;
      List<CSVRecord> rows = new ArrayList<>();
      for (CSVRecord rec : csv) {
        int id = Integer.parseInt(rec.get("request"));
        if (id != current && !rows.isEmpty()) {
          out.add(request(file, rows, hasPropensity, hasSlots));
          rows.clear();
        }
        current = id;
        rows.add(rec);
      }
      if (!rows.isEmpty()) {
        out.add(request(file, rows, hasPropensity, hasSlots));
      }
    } catch (NumberFormatException e) {
      throw new DataFileException(file, 0, "not a number: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (out.isEmpty()) {
      throw new DataFileException(file, 1, "the log has no rows");
    }
    return out;
  }

  private static Request request(Path file, List<CSVRecord> rows, boolean hasPropensity, boolean hasSlots) {
    int n = rows.size();
    CSVRecord first = rows.get(0);
    int id = Integer.parseInt(first.get("request"));
    List<VideoId> shown = new ArrayList<>(n);
    double[] propensity = new double[n];
    boolean[] clicked = new boolean[n];
    double[] seconds = new double[n];
    double[][] slots = new double[n][];
    boolean allSlots = hasSlots;
    for (int p = 0; p < n; p++) {
      CSVRecord r = rows.get(p);
      long line = r.getRecordNumber() + 1;
      if (Integer.parseInt(r.get("slot")) != p || !r.get("user_id").equals(first.get("user_id"))
          || !r.get("ts").equals(first.get("ts"))) {
        throw new DataFileException(file, line, "request " + id + "'s rows must be one user and time, slots 0.. "
            + "in order");
      }
      shown.add(new VideoId(Integer.parseInt(r.get("video_id"))));
      propensity[p] = hasPropensity ? Double.parseDouble(r.get("propensity")) : 1;
      if (!(propensity[p] > 0 && propensity[p] <= 1)) {
        throw new DataFileException(file, line, "propensity must be in (0, 1], got " + r.get("propensity"));
      }
      String column = hasSlots ? r.get("slot_propensities").trim() : "";
      if (column.isEmpty()) {
        allSlots = false;
      } else {
        String[] parts = column.split(" +");
        slots[p] = new double[parts.length];
        for (int s = 0; s < parts.length; s++) {
          slots[p][s] = Double.parseDouble(parts[s]);
          if (!(slots[p][s] >= 0 && slots[p][s] <= 1)) {
            throw new DataFileException(file, line, "slot propensities must be in [0, 1], got " + parts[s]);
          }
        }
        if (parts.length <= p || Math.abs(slots[p][p] - propensity[p]) > 1e-6 * propensity[p]) {
          throw new DataFileException(file, line, "the slot propensities must cover slot " + p
              + " and agree with the propensity there");
        }
        slots[p][p] = propensity[p];
      }
      clicked[p] = r.get("clicked").equals("1");
      seconds[p] = Double.parseDouble(r.get("watch_seconds"));
    }
    return new Request(id, new UserId(Integer.parseInt(first.get("user_id"))), Long.parseLong(first.get("ts")),
        shown, propensity, clicked, seconds, allSlots ? slots : null);
  }
}
