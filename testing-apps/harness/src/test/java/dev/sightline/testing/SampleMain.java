package dev.sightline.testing;

/** A stand-in app for {@link TestAppTest}: reports its inputs, then idles or exits. */
public final class SampleMain {

  public static void main(String[] args) throws InterruptedException {
    System.out.println("args=" + String.join(",", args));
    System.out.println("sysprop=" + System.getProperty("sample.prop"));
    System.out.println("env=" + System.getenv("SAMPLE_ENV"));
    System.err.println("on stderr");
    if (args.length > 0 && args[0].startsWith("exit=")) {
      System.exit(Integer.parseInt(args[0].substring("exit=".length())));
    }
    System.out.println("ready");
    Thread.sleep(Long.MAX_VALUE);
  }
}
