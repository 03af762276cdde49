package dev.sightline.agent.endpoint;

/**
 * The bounds that keep the endpoint cheap whatever its clients do. Not settings: nobody should
 * have to tune them, and the defaults are what the README promises. Tests shorten the timeouts.
 */
final class EndpointLimits {

  /** A longer request line gets 414: no route of ours needs more than a trace id in the query. */
  final int maxRequestLineBytes;
  /** A longer head (request line and headers) gets 431. */
  final int maxHeadBytes;
  /** More header lines get 431. */
  final int maxHeaderCount;
  /**
   * The whole head must arrive within this time of the accept, however slowly it trickles in
   * (a per-read timeout would let a client sending one byte a second hold a connection forever).
   */
  final long headTimeoutMillis;
  /** A response the client does not read within this time is abandoned. */
  final long writeTimeoutMillis;
  /**
   * Connections open at once; past it the oldest one still sending its head is closed, so a
   * crowd of idle or slow clients never locks out a probe that sends its request at once.
   */
  final int maxConnections;
  /** Threads for /metrics, /traces and the viewer; /health, /ready and /live have one of their own. */
  final int workers;
  /** Requests waiting for a worker; past it the answer is 503. */
  final int queuedRequests;
  /** Response bytes held for slow readers, all connections together; past it new answers are 503. */
  final long maxPendingResponseBytes;

  EndpointLimits(
      int maxRequestLineBytes,
      int maxHeadBytes,
      int maxHeaderCount,
      long headTimeoutMillis,
      long writeTimeoutMillis,
      int maxConnections,
      int workers,
      int queuedRequests,
      long maxPendingResponseBytes) {
    this.maxRequestLineBytes = maxRequestLineBytes;
    this.maxHeadBytes = maxHeadBytes;
    this.maxHeaderCount = maxHeaderCount;
    this.headTimeoutMillis = headTimeoutMillis;
    this.writeTimeoutMillis = writeTimeoutMillis;
    this.maxConnections = maxConnections;
    this.workers = workers;
    this.queuedRequests = queuedRequests;
    this.maxPendingResponseBytes = maxPendingResponseBytes;
  }

  static EndpointLimits defaults() {
    return new EndpointLimits(8 * 1024, 16 * 1024, 100, 10_000, 10_000, 256, 2, 16, 32L * 1024 * 1024);
  }

  EndpointLimits withTimeouts(long headTimeoutMillis, long writeTimeoutMillis) {
    return new EndpointLimits(maxRequestLineBytes, maxHeadBytes, maxHeaderCount, headTimeoutMillis,
        writeTimeoutMillis, maxConnections, workers, queuedRequests, maxPendingResponseBytes);
  }

  EndpointLimits withMaxConnections(int maxConnections) {
    return new EndpointLimits(maxRequestLineBytes, maxHeadBytes, maxHeaderCount, headTimeoutMillis,
        writeTimeoutMillis, maxConnections, workers, queuedRequests, maxPendingResponseBytes);
  }
}
