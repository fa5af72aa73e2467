// SPDX-License-Identifier: MIT
// WarmFop.java - the warm Apache FOP side of bench/render (a benchmark
// peer, not part of carex): one JVM, FOP and the XSL-FO stylesheet
// loaded once, then XML + XSLT -> FO -> PDF rendered in memory many times,
// timing each render (wall, process CPU, rendering-thread CPU).
//
// usage: java -cp FOP_CLASSPATH:DIR WarmFop XCONF XML XSL MAXWARM_S ROUNDS N
//            OUT.pdf
//
// Warm-up renders at least 30 documents, then goes on until the JIT has
// settled (compilation time grew by under 2% of the elapsed time over the
// last 10 renders) or MAXWARM_S seconds have passed: pinned to one core,
// HotSpot's C2 compiles FOP for about a minute and takes as much CPU as
// the rendering while it does. Then ROUNDS rounds of N timed renders,
// each round printed on its own so that machine noise shows.
//
// Inside the loop, as carex does per document: a new Transformer from the
// compiled Templates (JAXP: the JDK's XSLTC unless another processor is on
// the classpath), a new Fop, the XML parsed from bytes read once, the PDF
// written to a fresh in-memory buffer. Compiling the stylesheet and
// reading the configuration happen once, as carex compiles its own once.
// Process CPU (all JVM threads: JIT, GC) is the figure to compare with
// carex's CLOCK_PROCESS_CPUTIME_ID; it moves in 10 ms steps (Linux
// clock ticks), so thread CPU (the rendering thread, ns) is shown too.

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.Arrays;

import javax.xml.transform.Templates;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.sax.SAXResult;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

import org.apache.fop.apps.FOUserAgent;
import org.apache.fop.apps.Fop;
import org.apache.fop.apps.FopFactory;
import org.apache.fop.apps.FormattingResults;
import org.apache.fop.apps.MimeConstants;

public final class WarmFop {
	private static final int MIN_WARM = 30;
	private static final int JIT_WINDOW = 10;

	private final FopFactory fopFactory;
	private final Templates templates;
	private final byte[] input;
	private final String xmlId;
	private byte[] last;
	private int pages;

	private WarmFop(File xconf, File xml, File xsl) throws Exception {
		fopFactory = FopFactory.newInstance(xconf);
		TransformerFactory tf = TransformerFactory.newInstance();
		// The system id lets document() in the stylesheet resolve the
		// participant directory relative to the stylesheet.
		templates = tf.newTemplates(new StreamSource(xsl));
		input = Files.readAllBytes(xml.toPath());
		xmlId = xml.toURI().toString();
	}

	// One whole render, XML bytes to PDF bytes.
	private void render() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 17);
		FOUserAgent ua = fopFactory.newFOUserAgent();
		Fop fop = fopFactory.newFop(MimeConstants.MIME_PDF, ua, out);
		Transformer t = templates.newTransformer();
		t.transform(new StreamSource(new ByteArrayInputStream(input), xmlId),
		    new SAXResult(fop.getDefaultHandler()));
		FormattingResults fr = fop.getResults();
		last = out.toByteArray();
		pages = fr.getPageCount();
	}

	// The XSLT step alone, to FO text in memory: how much of a render the
	// transform is.
	private void transformOnly() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 18);
		Transformer t = templates.newTransformer();
		t.transform(new StreamSource(new ByteArrayInputStream(input), xmlId),
		    new StreamResult(out));
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		int n = s.length;
		return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	}

	private static double min(double[] v) {
		return Arrays.stream(v).min().orElse(0);
	}

	private static double max(double[] v) {
		return Arrays.stream(v).max().orElse(0);
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 7) {
			System.err.println("usage: WarmFop XCONF XML XSL MAXWARM_S "
			    + "ROUNDS N OUT.pdf");
			System.exit(2);
		}
		double maxWarm = Double.parseDouble(args[3]);
		int rounds = Integer.parseInt(args[4]);
		int n = Integer.parseInt(args[5]);
		if (rounds < 1 || n < 1) {
			System.err.println("WarmFop: ROUNDS and N must be >= 1");
			System.exit(2);
		}

		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		com.sun.management.OperatingSystemMXBean os =
		    (com.sun.management.OperatingSystemMXBean)
		    ManagementFactory.getOperatingSystemMXBean();

		long start = System.nanoTime();
		WarmFop w = new WarmFop(new File(args[0]), new File(args[1]),
		    new File(args[2]));
		double setup = (System.nanoTime() - start) / 1e6;

		// Warm-up until the JIT settles.
		long[] wt = new long[JIT_WINDOW];
		long[] ct = new long[JIT_WINDOW];
		double first = 0;
		int warm = 0;
		boolean settled = false;
		for (;;) {
			long w0 = System.nanoTime();
			w.render();
			long w1 = System.nanoTime();
			if (warm == 0)
				first = (w1 - w0) / 1e6;
			wt[warm % JIT_WINDOW] = w1;
			ct[warm % JIT_WINDOW] = jit.getTotalCompilationTime();
			warm++;
			if (warm >= MIN_WARM) {
				int k = warm % JIT_WINDOW;	// oldest in window
				double span = (w1 - wt[k]) / 1e6;
				long grew = ct[(warm - 1) % JIT_WINDOW] - ct[k];
				if (grew < 0.02 * span) {
					settled = true;
					break;
				}
			}
			if ((w1 - start) / 1e9 > maxWarm)
				break;
		}
		double warmS = (System.nanoTime() - start) / 1e9;
		System.out.printf("# FOP warm: setup %.0f ms, first render %.0f ms; "
		    + "%d warm-up renders in %.1f s, JIT %s; %d pages, %d bytes%n",
		    setup, first, warm, warmS,
		    settled ? "settled" : "still compiling (time limit)",
		    w.pages, w.last.length);
		System.out.printf("# %-6s %-12s %8s %8s %8s%n", "round", "ms",
		    "median", "min", "max");

		double[] wall = new double[n];
		double[] pcpu = new double[n];
		double[] tcpu = new double[n];
		for (int r = 1; r <= rounds; r++) {
			long jit0 = jit.getTotalCompilationTime();
			for (int i = 0; i < n; i++) {
				long w0 = System.nanoTime();
				long p0 = os.getProcessCpuTime();
				long t0 = threads.getCurrentThreadCpuTime();
				w.render();
				long t1 = threads.getCurrentThreadCpuTime();
				long p1 = os.getProcessCpuTime();
				long w1 = System.nanoTime();
				wall[i] = (w1 - w0) / 1e6;
				pcpu[i] = (p1 - p0) / 1e6;
				tcpu[i] = (t1 - t0) / 1e6;
			}
			long jitMs = jit.getTotalCompilationTime() - jit0;
			System.out.printf("  %-6d %-12s %8.1f %8.1f %8.1f%n", r, "wall",
			    median(wall), min(wall), max(wall));
			System.out.printf("  %-6s %-12s %8.1f %8.1f %8.1f%n", "",
			    "process cpu", median(pcpu), min(pcpu), max(pcpu));
			System.out.printf("  %-6s %-12s %8.1f %8.1f %8.1f%n", "",
			    "thread cpu", median(tcpu), min(tcpu), max(tcpu));
			System.out.printf("  %-6s %-12s %8d  (JIT compile time this round)%n",
			    "", "jit ms", jitMs);
			// One line per round for bench/render to read.
			System.out.printf("RESULT round=%d wall_med=%.3f wall_min=%.3f "
			    + "wall_max=%.3f cpu_med=%.3f cpu_min=%.3f cpu_max=%.3f "
			    + "tcpu_med=%.3f tcpu_min=%.3f tcpu_max=%.3f jit_ms=%d "
			    + "bytes=%d pages=%d%n", r, median(wall), min(wall),
			    max(wall), median(pcpu), min(pcpu), max(pcpu),
			    median(tcpu), min(tcpu), max(tcpu), jitMs,
			    w.last.length, w.pages);
		}
		for (int i = 0; i < n; i++) {
			long t0 = threads.getCurrentThreadCpuTime();
			w.transformOnly();
			tcpu[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
		}
		System.out.printf("# XSLT alone (XML -> FO text, thread cpu ms): "
		    + "median %.1f, min %.1f, max %.1f%n", median(tcpu), min(tcpu),
		    max(tcpu));
		System.out.printf("RESULT xslt_tcpu_med=%.3f%n", median(tcpu));
		try (OutputStream f = new FileOutputStream(args[6])) {
			f.write(w.last);
		}
	}
}
