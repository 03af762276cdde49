package dev.sightline.agent.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sightline.agent.spi.Library;
import org.junit.jupiter.api.Test;

class LibraryShapeTest {

  private final ClassLoader loader = LibraryShapeTest.class.getClassLoader();

  private static Library greeter() {
    return Library.of("greeter", "sample.library.Greeter", "sample.handlers.GreeterHandlers");
  }

  @Test
  void aLibraryWithEveryClassAndMethodTheHandlersNeedFits() {
    Library library = greeter().requires("sample.library.Greeter", "greet").requires("sample.library.LoudGreeter", "shout");

    assertNull(LibraryShape.missingMember(library, loader));
    assertTrue(new LibraryShape("greeter", library).matches(loader));
  }

  @Test
  void inheritedMethodsCount() {
    assertNull(LibraryShape.missingMember(greeter().requires("sample.library.LoudGreeter", "greet"), loader));
  }

  @Test
  void theFirstMissingMethodOrClassIsNamed() {
    Library library =
        greeter()
            .requires("sample.library.Greeter", "greet", "whisper")
            .requires("sample.library.Absent");

    assertEquals("sample.library.Greeter#whisper", String.valueOf(LibraryShape.missingMember(library, loader)));
    assertEquals(
        "sample.library.Absent",
        String.valueOf(LibraryShape.missingMember(greeter().requires("sample.library.Absent"), loader)));
    assertFalse(new LibraryShape("greeter", library).matches(loader));
  }

  @Test
  void aLoaderWithoutTheLibraryIsNotWoven() {
    Library absent = Library.of("absent", "sample.library.Absent", "sample.handlers.AbsentHandlers");

    assertFalse(new LibraryShape("absent", absent).matches(loader));
    assertFalse(new LibraryShape("greeter", greeter()).matches(null), "the boot loader has no sample library");
  }
}
