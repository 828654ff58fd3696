package dev.videorec.data.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.VideoId;
import dev.videorec.data.DataFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionLogReaderTest {
  @TempDir
  Path dir;

  @Test
  void readsOpaqueIdsRatingsAndIsoTimes() throws Exception {
    Path f = dir.resolve("log.csv");
    Files.writeString(f, "who,what,when,stars,len\n"
        + "b7f1-u2,vid:zz,2024-01-02T00:00:00Z,5,600\n"
        + "a3c9-u1,vid:aa,1704067200,2,300\n"
        + "a3c9-u1,vid:zz,2024-01-03,4,600\n");
    InteractionLogReader.Log log = InteractionLogReader.read(f,
        LogColumns.parse("user=who,item=what,time=when,rating=stars,duration=len"), 4, false);
    // Sorted ids: users a3c9-u1 (0), b7f1-u2 (1); items vid:aa (0), vid:zz (1).
    assertEquals("a3c9-u1", log.users().id(0));
    assertEquals(1, log.items().ordinal("vid:zz").orElseThrow());
    List<Interaction> in = log.dataset().interactions();
    assertEquals(3, in.size());
    Interaction first = in.get(0);
    assertEquals(1704067200L, first.timestamp(), "epoch seconds; the rows come in time order");
    assertFalse(first.clicked(), "a rating of 2 is below the threshold");
    assertEquals(Feedback.DISLIKE, first.feedback());
    Interaction liked = in.get(1);
    assertEquals(1704153600L, liked.timestamp(), "ISO-8601 instant");
    assertTrue(liked.clicked());
    assertEquals(600, liked.watchSeconds(), "rating 5 of 5 watches the whole 600 s");
    assertEquals(Feedback.LIKE, liked.feedback());
    assertEquals(1704240000L, in.get(2).timestamp(), "an ISO date is midnight UTC");
    assertEquals(480, in.get(2).watchSeconds());
    assertEquals(600, log.dataset().catalog().get(new VideoId(1)).durationSeconds());
  }

  @Test
  void aLogWithoutClicksOrRatingsIsAWatchLog() throws Exception {
    Path f = dir.resolve("log.tsv");
    Files.writeString(f, "u\ti\tt\nx\ty\t1700000000123\n");
    InteractionLogReader.Log log = InteractionLogReader.read(f, LogColumns.parse("user=u,item=i,time=t"), 4, false);
    Interaction i = log.dataset().interactions().get(0);
    assertTrue(i.clicked());
    assertEquals(1700000000L, i.timestamp(), "13 digits are milliseconds");
    assertEquals(InteractionLogReader.DEFAULT_SECONDS, i.watchSeconds());
  }

  @Test
  void badInputNamesTheFileLineAndProblemAndCapsQuotedInput() throws Exception {
    Path f = dir.resolve("log.csv");
    Files.writeString(f, "u,i,t\nx,y,yesterday\n");
    DataFileException e = assertThrows(DataFileException.class,
        () -> InteractionLogReader.read(f, LogColumns.parse("user=u,item=i,time=t"), 4, false));
    assertEquals(f + ":2: time is neither epoch seconds nor ISO-8601: 'yesterday'", e.getMessage());
    e = assertThrows(DataFileException.class,
        () -> InteractionLogReader.read(f, LogColumns.parse("user=u,item=i,time=when"), 4, false));
    assertTrue(e.getMessage().startsWith(f + ":1: no column 'when' (for time)"), e.getMessage());
    Files.writeString(f, "u,i,t\nx,y," + "9".repeat(30) + "x".repeat(200) + "\n");
    e = assertThrows(DataFileException.class,
        () -> InteractionLogReader.read(f, LogColumns.parse("user=u,item=i,time=t"), 4, false));
    assertTrue(e.getMessage().endsWith("…' (230 characters)"), e.getMessage());
    Files.writeString(f, "u,i,t,c\nx,y,1,maybe\nx,z,2,1\n");
    InteractionLogReader.Log skipped = InteractionLogReader.read(f, LogColumns.parse("user=u,item=i,time=t,click=c"),
        4, true);
    assertEquals(1, skipped.dataset().skipped().count());
    assertEquals(1, skipped.dataset().interactions().size());
  }

  @Test
  void columnMappingsAreChecked() {
    assertEquals("user=a,item=b,time=c,rating=d", LogColumns.parse("user=a,item=b,time=c,rating=d").spec());
    assertThrows(IllegalArgumentException.class, () -> LogColumns.parse("user=a,item=b"));
    assertThrows(IllegalArgumentException.class, () -> LogColumns.parse("user=a,item=b,time=c,colour=d"));
    assertThrows(IllegalArgumentException.class, () -> LogColumns.parse("user=a,item=a,time=c"));
    assertThrows(IllegalArgumentException.class, () -> LogColumns.parse("user=a,user=b,item=c,time=d"));
    assertThrows(IllegalArgumentException.class, () -> LogColumns.parse("user=,item=b,time=c"));
  }
}
