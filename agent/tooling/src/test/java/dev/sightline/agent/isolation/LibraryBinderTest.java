package dev.sightline.agent.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.agent.spi.Library;
import dev.sightline.bootstrap.Handler;
import dev.sightline.bootstrap.Handlers;
import java.lang.ref.WeakReference;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class LibraryBinderTest {

  private static final int SLOT = 60;
  private static final Library GREETER =
      Library.of(
          "greeter",
          "sample.library.Greeter",
          "dev.sightline.agent.isolation.samplehandlers.GreeterHandlers",
          SLOT);

  private final LibraryBinder binder =
      new LibraryBinder(null, Collections.singletonList(new LibraryBinder.Scoped("greeter", GREETER)));

  @Test
  void eachCopyOfTheLibraryGetsHandlersLinkedAgainstThatCopy() throws Exception {
    Class<?> first = new LibraryCopy("sample.library.").loadClass("sample.library.Greeter");
    Class<?> second = new LibraryCopy("sample.library.").loadClass("sample.library.Greeter");

    Handler forFirst = binder.bind(SLOT, first);
    Handler forSecond = binder.bind(SLOT, second);

    assertNotSame(forFirst, forSecond);
    assertSame(first, forFirst.enter(null, null), "handlers see the copy they were made for");
    assertSame(second, forSecond.enter(null, null));
    assertTrue(forFirst.getClass().getClassLoader() instanceof InstrumentationLoader);
    assertSame(forFirst, binder.bind(SLOT, first), "one set of handlers per copy");
  }

  @Test
  void aClassThatSeesTheLibraryThroughItsParentSharesTheParentsCopy() throws Exception {
    LibraryCopy library = new LibraryCopy("sample.library.");
    Class<?> greeter = library.loadClass("sample.library.Greeter");
    Class<?> subclass = library.loadClass("sample.library.LoudGreeter");

    assertSame(binder.bind(SLOT, greeter), binder.bind(SLOT, subclass));
  }

  @Test
  void unknownSlotsAndLoadersWithoutTheLibraryGetTheNoOpHandler() {
    assertSame(Handler.NOOP, binder.bind(SLOT + 1, String.class));
    assertSame(Handler.NOOP, binder.bind(SLOT, String.class), "the boot loader has no sample library");
  }

  @Test
  void handlersThatCannotBeCreatedLeaveTheCopyUntraced() throws Exception {
    Library broken = Library.of("broken", "sample.library.Greeter", "dev.sightline.agent.isolation.samplehandlers.Missing", SLOT);
    LibraryBinder brokenBinder =
        new LibraryBinder(null, Collections.singletonList(new LibraryBinder.Scoped("broken", broken)));

    Class<?> greeter = new LibraryCopy("sample.library.").loadClass("sample.library.Greeter");

    assertSame(Handler.NOOP, brokenBinder.bind(SLOT, greeter));
  }

  @Test
  void aCopyTheApplicationDropsCanBeCollectedWithItsHandlers() throws Exception {
    WeakReference<ClassLoader> copy = bindAndDrop();

    for (int i = 0; i < 50 && copy.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }

    assertNull(copy.get(), "the agent must not keep an unloaded library copy reachable");
  }

  /** Binds through the bridge as advice does, so its per-class cache is covered too. */
  private WeakReference<ClassLoader> bindAndDrop() throws Exception {
    LibraryCopy library = new LibraryCopy("sample.library.");
    Class<?> greeter = library.loadClass("sample.library.Greeter");
    Handlers.setBinder(binder);
    try {
      assertEquals(greeter, Handlers.forClass(SLOT, greeter).enter(null, null));
    } finally {
      Handlers.setBinder(null);
    }
    return new WeakReference<>(library);
  }
}
