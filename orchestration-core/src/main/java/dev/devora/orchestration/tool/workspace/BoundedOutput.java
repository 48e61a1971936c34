package dev.devora.orchestration.tool.workspace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The output of a command, bounded: the first and the last bytes are kept (half of the bound each), the middle is
 * counted and dropped, so a command printing gigabytes costs a bounded answer. Written by one reader thread, read
 * by another once it stops waiting (hence synchronized).
 */
final class BoundedOutput {
    private final int headLimit;
    private final ByteArrayOutputStream head;
    private final byte[] tail;
    private int tailStart;
    private int tailLength;
    private long total;

    /**
     * @param maxBytes how many bytes are kept in all (at least 2)
     */
    BoundedOutput(int maxBytes) {
        this.headLimit = maxBytes / 2;
        this.head = new ByteArrayOutputStream(Math.min(headLimit, 8192));
        this.tail = new byte[maxBytes - headLimit];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        total += length;
        int toHead = Math.min(length, headLimit - head.size());
        if (toHead > 0) head.write(bytes, offset, toHead);
        int end = offset + length;
        for (int i = Math.max(offset + toHead, end - tail.length); i < end; i++) { // older bytes would be overwritten
            int at = (tailStart + tailLength) % tail.length;
            tail[at] = bytes[i];
            if (tailLength < tail.length) tailLength++;
            else tailStart = (tailStart + 1) % tail.length;
        }
    }

    /** All bytes the command wrote. */
    synchronized long total() {
        return total;
    }

    /** How many bytes were dropped from the middle. */
    synchronized long cut() {
        return total - head.size() - tailLength;
    }

    /**
     * The output as text: the head, then (if bytes were dropped) a line saying how many, then the tail. Decoded as
     * UTF-8 with malformed bytes replaced; a cut never splits a character.
     */
    synchronized String text() {
        byte[] h = head.toByteArray();
        long dropped = cut();
        if (dropped == 0) {
            byte[] all = new byte[h.length + tailLength];
            System.arraycopy(h, 0, all, 0, h.length);
            copyTail(all, h.length);
            return new String(all, StandardCharsets.UTF_8);
        }
        byte[] t = new byte[tailLength];
        copyTail(t, 0);
        int headEnd = FileReading.wholeCharacters(h, h.length);
        int tailFrom = firstWholeCharacter(t);
        long cutInAll = dropped + (h.length - headEnd) + tailFrom;
        return new String(h, 0, headEnd, StandardCharsets.UTF_8)
                + "\n… (" + cutInAll + " bytes of output cut here; " + total + " bytes in all) …\n"
                + new String(t, tailFrom, t.length - tailFrom, StandardCharsets.UTF_8);
    }

    private void copyTail(byte[] into, int at) {
        for (int i = 0; i < tailLength; i++) into[at + i] = tail[(tailStart + i) % tail.length];
    }

    /** Where the first whole UTF-8 character of bytes cut at their start begins (skips at most 3 continuation bytes). */
    static int firstWholeCharacter(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && i < 3 && (bytes[i] & 0xC0) == 0x80) i++;
        return i;
    }
}
