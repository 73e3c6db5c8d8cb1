package dev.marionette.renderer.vk;

import static dev.marionette.renderer.vk.VkCheck.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memAllocLong;
import static org.lwjgl.system.MemoryUtil.memFree;
import static org.lwjgl.vulkan.VK10.*;

import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkQueryPoolCreateInfo;

/**
 * GPU time per stage of a command buffer, from timestamp queries: {@link #begin} resets the pool
 * and writes the first timestamp, {@link #endStage} closes stage i after all work recorded so far,
 * {@link #collect} reads them once the submission's fence has signalled.
 *
 * <p>On a queue without timestamps every method is a no-op and {@link #stageMs} is NaN. The
 * result buffer is allocated once; nothing is allocated per frame.
 */
public final class GpuTimer implements AutoCloseable {
    private final VulkanContext context;
    private final List<String> stages;
    private final long pool;
    private final LongBuffer ticks;
    private final long validMask;
    private final double periodNs;
    private final double[] ms;
    private int written;

    /** @param stages names of the consecutive stages, in recording order */
    public GpuTimer(VulkanContext context, List<String> stages) {
        if (stages.isEmpty()) throw new IllegalArgumentException("a timer needs at least one stage");
        this.context = context;
        this.stages = List.copyOf(stages);
        this.ms = new double[stages.size()];
        Arrays.fill(ms, Double.NaN);
        VulkanContext.DeviceInfo info = context.info();
        this.periodNs = info.timestampPeriodNs();
        int bits = info.timestampValidBits();
        this.validMask = bits >= 64 ? -1L : (1L << bits) - 1;
        if (!info.timestamps()) {
            pool = NULL;
            ticks = null;
            return;
        }
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            check(vkCreateQueryPool(context.device(), VkQueryPoolCreateInfo.calloc(stack)
                    .sType$Default()
                    .queryType(VK_QUERY_TYPE_TIMESTAMP)
                    .queryCount(stages.size() + 1), null, handle), "create timestamp query pool");
            pool = handle.get(0);
        }
        ticks = memAllocLong(stages.size() + 1);
    }

    public boolean supported() { return pool != NULL; }

    public List<String> stages() { return stages; }

    /** Resets the queries and marks the start of stage 0; record outside a render pass. */
    public void begin(VkCommandBuffer commands) {
        written = 0;
        if (pool == NULL) return;
        vkCmdResetQueryPool(commands, pool, 0, stages.size() + 1);
        vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, pool, 0);
        written = 1;
    }

    /** Marks the end of stage {@code index} (and the start of the next) once all prior work is done. */
    public void endStage(VkCommandBuffer commands, int index) {
        if (pool == NULL) return;
        if (index + 1 != written) {
            throw new IllegalStateException("stages must end in order: expected " + (written - 1) + ", got " + index);
        }
        vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, pool, index + 1);
        written++;
    }

    /**
     * Reads the timestamps of the last submission (which must have completed); stages that were
     * not ended read NaN.
     */
    public void collect() {
        Arrays.fill(ms, Double.NaN);
        if (pool == NULL || written < 2) return;
        ticks.clear().limit(written);
        check(vkGetQueryPoolResults(context.device(), pool, 0, written, ticks, Long.BYTES,
                VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT), "read GPU timestamps");
        for (int i = 0; i + 1 < written; i++) {
            long delta = (ticks.get(i + 1) - ticks.get(i)) & validMask;
            ms[i] = delta * periodNs / 1e6;
        }
    }

    /** Milliseconds of stage {@code index} in the last collected submission, NaN when unknown. */
    public double stageMs(int index) { return ms[index]; }

    @Override
    public void close() {
        if (pool != NULL) {
            vkDestroyQueryPool(context.device(), pool, null);
            memFree(ticks);
        }
    }
}
