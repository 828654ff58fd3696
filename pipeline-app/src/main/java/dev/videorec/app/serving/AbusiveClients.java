package dev.videorec.app.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Clients that misbehave the way real ones do, run beside a load test to show that they cost the well-behaved
 * clients nothing: slow-loris clients that send a request one byte a second, and idle connections that send a
 * request line and then nothing. Each reconnects as soon as the server closes it, for as long as it runs, and
 * counts how the server ended its connections: {@code 408} (request timeout), another status, or closed unanswered.
 */
public final class AbusiveClients implements AutoCloseable {
  private static final byte[] REQUEST = ("GET /recommend?user=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\n"
      + "Accept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REQUEST_LINE = "GET /recommend?user=1 HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress server;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, LongAdder> endings = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  /**
   * Starts {@code slow} slow-loris clients and {@code idle} idle connections against {@code host:port}.
   *
   * @param byteIntervalMillis how long a slow client waits between bytes
   */
  public AbusiveClients(String host, int port, int slow, int idle, long byteIntervalMillis) {
    this.server = new InetSocketAddress(host, port);
    for (int i = 0; i < slow; i++) {
      start("slow-client-" + i, (out, in) -> {
        for (byte b : REQUEST) {
          if (in.available() > 0) {
            return;   // answered before the request was complete
          }
          out.write(b);
          out.flush();
          Thread.sleep(byteIntervalMillis);
        }
      });
    }
    for (int i = 0; i < idle; i++) {
      start("idle-client-" + i, (out, in) -> out.write(REQUEST_LINE));
    }
  }

  private interface Behaviour {
    void send(OutputStream out, InputStream in) throws IOException, InterruptedException;
  }

  private void start(String name, Behaviour behaviour) {
    Thread t = new Thread(() -> {
      while (running) {
        try (Socket s = new Socket()) {
          sockets.add(s);
          s.connect(server, 5_000);
          InputStream in = s.getInputStream();
          behaviour.send(s.getOutputStream(), in);
          byte[] status = in.readNBytes(12);
          count(status.length < 12 ? "closed unanswered" : "HTTP " + new String(status, 9, 3, StandardCharsets.US_ASCII));
        } catch (InterruptedException e) {
          return;
        } catch (IOException e) {
          if (running) {
            count("closed unanswered");
            pause();
          }
        } finally {
          sockets.removeIf(Socket::isClosed);
        }
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void count(String ending) {
    if (running) {
      endings.computeIfAbsent(ending, e -> new LongAdder()).increment();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How the server ended the abusive connections so far, by ending. */
  public Map<String, Long> endings() {
    Map<String, Long> out = new LinkedHashMap<>();
    new java.util.TreeMap<>(endings).forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  @Override
  public void close() {
    running = false;
    threads.forEach(Thread::interrupt);
    synchronized (sockets) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }
}
