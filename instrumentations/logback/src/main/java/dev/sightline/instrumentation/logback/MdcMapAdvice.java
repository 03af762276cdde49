package dev.sightline.instrumentation.logback;

import dev.sightline.bootstrap.Handlers;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * {@code LoggingEvent.getMDCPropertyMap()}: the map it returns, and keeps for its next callers,
 * is the one with the current span's ids; asked again, the handler sees they are there already.
 */
public final class MdcMapAdvice {

  private MdcMapAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unchecked")
  public static void exit(
      @Advice.Return(readOnly = false) Map<String, String> mdc,
      @Advice.FieldValue(value = "mdcPropertyMap", readOnly = false) Map<String, String> kept) {
    Object withIds = Handlers.get(Handlers.LOGBACK_MDC).replaceArgument(null, mdc);
    if (withIds != mdc) {
      mdc = (Map<String, String>) withIds;
      kept = mdc;
    }
  }
}
