//! A deterministic generator of large, realistic, clean workspaces.
//!
//! The workspace is made of *clusters*, one per service: an SLA and an XLA
//! for the service, a chain of 1 to 3 OLAs between teams of one
//! organization, a service-desk OLA, a hosting contract and 0 to 2 network
//! contracts with suppliers. The SLA's availability rests on
//! `all(ola chain, any(network contracts))`, its restore time on
//! `seq(desk triage, ola chain)`, so the support graphs are 3 to 5 levels
//! deep (SLA → OLA → … → contract). Every target is `measured by`
//! something, every service has an XLA (no `watermelon`), SLAs and
//! contracts have fees, tiered credits, caps and claim windows, XLAs have
//! rewards. Calendars with `except` dates are shared by the whole workspace.
//! About 50 agreements go in each file.
//!
//! The language v0.2 constructs appear too, so benchmarks and robustness
//! runs cover the whole language: impact and urgency scales with a derived
//! priority matrix (the desk OLAs scope on it), credit payment terms,
//! rolling caps, `action` remedies, change governance, error-rate-defined
//! downtime on hosting contracts, month-precision dates and a calendar
//! `defined by` a supplier's policy.

use std::fmt::Write as _;

/// A tiny xorshift64* generator: deterministic, no dependency.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator seeded with `seed` (0 is replaced by a fixed constant).
    pub fn new(seed: u64) -> Self {
        Self(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// One generated file: its path relative to the workspace root, and its text.
#[derive(Debug, Clone)]
pub struct GenFile {
    /// Relative path, e.g. `agreements/a0003.abide`.
    pub path: String,
    /// The source text.
    pub text: String,
}

/// A generated workspace.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The files, sorted by path (as the CLI loads them).
    pub files: Vec<GenFile>,
    /// The number of agreements.
    pub agreements: usize,
    /// The text of `abide.toml`.
    pub config: String,
}

impl Generated {
    /// Total size of the sources in bytes.
    pub fn bytes(&self) -> usize {
        self.files.iter().map(|f| f.text.len()).sum()
    }

    /// Writes the workspace under `dir` (created if needed).
    ///
    /// # Errors
    /// Any I/O error.
    pub fn write_to(&self, dir: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join("abide.toml"), &self.config)?;
        for f in &self.files {
            let path = dir.join(&f.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, &f.text)?;
        }
        Ok(())
    }
}

/// Agreements per file, roughly.
pub const PER_FILE: usize = 50;
const CALENDARS: usize = 12;
const SUPPLIERS: usize = 40;
const ORGS: usize = 25;
const CUSTOMERS: usize = 30;

/// The shape of one cluster.
struct Shape {
    chain: usize,
    networks: usize,
}

impl Shape {
    fn size(&self) -> usize {
        // sla + xla + chain + desk + hosting + networks
        2 + self.chain + 1 + 1 + self.networks
    }
}

/// Picks the shape of the next cluster so that exactly `remaining`
/// agreements are produced in the end (clusters hold 5 to 9).
fn shape(rng: &mut XorShift, remaining: usize) -> Shape {
    let mut s = Shape {
        chain: 1 + rng.below(3) as usize,
        networks: rng.below(3) as usize,
    };
    let target = if remaining <= 9 {
        remaining.max(5)
    } else if remaining - s.size() < 5 {
        5
    } else {
        return s;
    };
    // Shrink or grow to `target` (5..=9).
    while s.size() > target {
        if s.networks > 0 {
            s.networks -= 1;
        } else {
            s.chain -= 1;
        }
    }
    while s.size() < target {
        if s.chain < 3 {
            s.chain += 1;
        } else {
            s.networks += 1;
        }
    }
    s
}

/// Generates a workspace of `n` agreements (at least 5) from `seed`.
pub fn generate(n: usize, seed: u64) -> Generated {
    let mut rng = XorShift::new(seed);
    let mut files = vec![
        GenFile {
            path: "calendars.abide".into(),
            text: calendars(&mut rng),
        },
        GenFile {
            path: "parties.abide".into(),
            text: shared_parties(),
        },
        GenFile {
            path: "priorities.abide".into(),
            text: shared_priorities(),
        },
    ];
    let mut remaining = n.max(5);
    let mut cluster = 0usize;
    let mut text = String::new();
    let mut in_file = 0usize;
    let mut file_no = 0usize;
    while remaining > 0 {
        let s = shape(&mut rng, remaining);
        remaining -= s.size();
        in_file += s.size();
        write_cluster(&mut text, &mut rng, cluster, &s);
        cluster += 1;
        if in_file >= PER_FILE || remaining == 0 {
            files.push(GenFile {
                path: format!("agreements/a{file_no:05}.abide"),
                text: std::mem::take(&mut text),
            });
            file_no += 1;
            in_file = 0;
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Generated {
        files,
        agreements: n.max(5),
        config: "# Generated by abide-bench: every *.abide file below is one workspace.\n".into(),
    }
}

fn calendars(rng: &mut XorShift) -> String {
    let mut s = String::from("// Calendars shared by every service of the workspace.\n\n");
    let zones = [
        "Europe/London",
        "Europe/Paris",
        "America/New_York",
        "Asia/Tokyo",
    ];
    for c in 0..CALENDARS {
        let zone = rng.pick(&zones);
        let open = 7 + rng.below(3);
        let close = 17 + rng.below(3);
        let _ = writeln!(s, "/// Support hours of region {c}.");
        let _ = writeln!(s, "calendar hours_{c} \"Support hours {c}\" {{");
        let _ = writeln!(s, "    timezone \"{zone}\"");
        let _ = writeln!(s, "    mon..fri {open:02}:00..{close:02}:00");
        if c % 3 == 0 {
            let _ = writeln!(s, "    sat 09:00..13:00");
        }
        let _ = writeln!(
            s,
            "    except 2026-12-25, 2026-12-28, 2027-01-01, 2027-04-{:02}, 2027-05-{:02}",
            1 + rng.below(28),
            1 + rng.below(28)
        );
        let _ = writeln!(s, "    except 2027-12-24..2028-01-02");
        let _ = writeln!(s, "}}\n");
    }
    let _ = writeln!(
        s,
        "/// The suppliers' own support hours, which they do not publish."
    );
    let _ = writeln!(
        s,
        "calendar supplier_hours \"Supplier support hours\" defined by \"supplier support policy\" {{"
    );
    let _ = writeln!(s, "    timezone \"Europe/London\"");
    let _ = writeln!(s, "    mon..fri");
    let _ = writeln!(s, "    except holidays \"UK bank holidays\"");
    let _ = writeln!(s, "}}\n");
    s
}

/// Impact and urgency scales, and the desk priority derived from them.
fn shared_priorities() -> String {
    let mut s = String::from("// How the service desks derive a ticket's priority.\n\n");
    s.push_str("scale impact \"Impact\" {\n    high \"whole service down\"\n    medium \"one site or team\"\n    low \"one user\"\n}\n\n");
    s.push_str("scale urgency \"Urgency\" {\n    high \"work stopped\"\n    medium \"work degraded\"\n    low \"workaround available\"\n}\n\n");
    s.push_str(concat!(
        "priorities desk_priority \"Desk priority\" from urgency x impact {\n",
        "    p1 \"P1\" when (high, high)\n",
        "    p2 \"P2\" when (high, medium), (medium, high)\n",
        "    p3 \"P3\" when (high, low), (medium, medium), (low, high)\n",
        "    p4 \"P4\" when (medium, low), (low, medium), (low, low)\n",
        "}\n",
    ));
    s
}

fn shared_parties() -> String {
    let mut s = String::from("// Organizations, customers and suppliers.\n\n");
    for o in 0..ORGS {
        let _ = writeln!(s, "party org_{o} \"Operating company {o}\" : organization");
    }
    for c in 0..CUSTOMERS {
        let _ = writeln!(s, "party cust_{c} \"Customer board {c}\" : customer");
        let _ = writeln!(s, "party users_{c} \"Staff of customer {c}\" : users");
    }
    for p in 0..SUPPLIERS {
        let _ = writeln!(s, "party sup_{p} \"Supplier {p} Ltd\" : supplier");
    }
    s
}

/// Writes one cluster (its parties, service and agreements) into `s`.
fn write_cluster(s: &mut String, rng: &mut XorShift, i: usize, shape: &Shape) {
    let org = format!("org_{}", i % ORGS);
    let cust = format!("cust_{}", rng.below(CUSTOMERS as u64));
    let users = format!("users_{}", rng.below(CUSTOMERS as u64));
    let cal = format!("hours_{}", rng.below(CALENDARS as u64));
    let svc = format!("svc_{i}");
    let year = 2026 + rng.below(2);
    // Every other cluster writes its validity with month precision (v0.2).
    let valid = if i.is_multiple_of(2) {
        format!("valid {year}-01-01..{}-12-31", year + 3)
    } else {
        format!("valid {year}-01..{}-12", year + 3)
    };
    let review = |rng: &mut XorShift| {
        format!(
            "review every quarter last 2026-{:02}-{:02}",
            11,
            1 + rng.below(26)
        )
    };

    // Teams: the desk, and one per OLA of the chain.
    let _ = writeln!(s, "// ---- cluster {i}: service {svc} ----\n");
    let _ = writeln!(s, "party desk_{i} \"Service desk {i}\" : team of {org}");
    for k in 1..=shape.chain {
        let _ = writeln!(
            s,
            "party ops_{i}_{k} \"Operations team {i}.{k}\" : team of {org}"
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "/// Business service number {i}.");
    let _ = writeln!(s, "service {svc} \"Business service {i}\" {{");
    let _ = writeln!(s, "    owner {org}");
    let _ = writeln!(s, "    users {users}");
    let _ = writeln!(s, "}}\n");

    // Figures, bottom-up. Availability in hundredths of a percent.
    let host_avail = *rng.pick(&[9995u32, 9997, 9998, 9999]);
    let host_restore = *rng.pick(&[30u32, 45, 60]);
    // The OLA chain: the bottom rests on the hosting contract; each level
    // above promises the same or a little less than the one below.
    let mut ola_avail = vec![0u32; shape.chain + 1];
    let mut ola_restore = vec![0u32; shape.chain + 1];
    ola_avail[shape.chain] = host_avail - 5 - rng.below(3) as u32 * 5;
    ola_restore[shape.chain] = host_restore + 15 * (1 + rng.below(2) as u32);
    for k in (1..shape.chain).rev() {
        ola_avail[k] = ola_avail[k + 1] - rng.below(2) as u32 * 5;
        ola_restore[k] = ola_restore[k + 1] + 15 * rng.below(2) as u32;
    }
    let triage = *rng.pick(&[10u32, 15, 20]);
    let answer = *rng.pick(&[20u32, 30, 45]);
    let net_avail = [9990u32, 9950];

    // The SLA.
    // all() adds the supporters' downtime; any() of the two links costs
    // 0.1% x 0.5%, rounded up to 0.01% here.
    let net_cost = [0u32, 10, 1][shape.networks];
    let ceiling = (ola_avail[1] - net_cost) / 10 * 10;
    let sla_avail = (*rng.pick(&[9950u32, 9960, 9970, 9980])).min(ceiling);
    let sla_restore_h = (triage + ola_restore[1]).div_ceil(60) + rng.below(3) as u32;
    let fee = 1000 * (5 + rng.below(60));
    let avail_support = match shape.networks {
        0 => format!("ola_{i}_1.avail"),
        1 => format!("all(ola_{i}_1.avail, net_{i}_0.link)"),
        _ => format!("all(ola_{i}_1.avail, any(net_{i}_0.link, net_{i}_1.link))"),
    };
    let _ = writeln!(s, "/// What {org} promises {cust} for {svc}.");
    let _ = writeln!(
        s,
        "sla sla_{i} \"{svc} service level agreement\" for {svc} {{"
    );
    let _ = writeln!(s, "    provider {org}");
    let _ = writeln!(s, "    customer {cust}");
    let _ = writeln!(s, "    status signed");
    let _ = writeln!(s, "    {valid}");
    let _ = writeln!(s, "    {}", review(rng));
    let _ = writeln!(s, "    fee {fee} GBP per month\n");
    let _ = writeln!(
        s,
        "    target availability: availability >= {} per month",
        pct(sla_avail)
    );
    let _ = writeln!(
        s,
        "        measured by \"synthetic journey probes every minute\""
    );
    let _ = writeln!(s, "        supported by {avail_support}");
    let _ = writeln!(
        s,
        "    target p1_restore: restore_time <= {sla_restore_h}h for 90% of incidents where priority = critical"
    );
    let _ = writeln!(
        s,
        "        measured by \"ITSM: logged to service restored\""
    );
    let _ = writeln!(
        s,
        "        supported by seq(desk_ola_{i}.triage, ola_{i}_1.restore)"
    );
    let _ = writeln!(
        s,
        "    target answer: answer_time <= {answer}s for 80% of calls during {cal}"
    );
    let _ = writeln!(s, "        measured by \"telephony ACD\"");
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "    credit 5% of fee when availability < {}",
        pct(sla_avail)
    );
    let _ = writeln!(
        s,
        "    credit 10% of fee when availability < {}",
        pct(sla_avail - 50)
    );
    let _ = writeln!(s, "    credits capped at 15% of fee per month");
    let _ = writeln!(
        s,
        "    credits capped at 100% of fee over rolling 12 months"
    );
    let _ = writeln!(
        s,
        "    credits paid as service_credit minimum 10 GBP, not refundable, expire on termination"
    );
    let _ = writeln!(
        s,
        "    earn back credits when availability >= {} for 3 consecutive months",
        pct(sla_avail)
    );
    let _ = writeln!(s, "    claim within 30d after month end");
    let _ = writeln!(
        s,
        "    action \"service improvement plan\" when availability < {} for 2 consecutive months",
        pct(sla_avail - 50)
    );
    let _ = writeln!(
        s,
        "    action \"customer may terminate\" when availability < {} for 3 consecutive months",
        pct(sla_avail - 100)
    );
    let _ = writeln!(
        s,
        "    changes by {cust} with notice 4w at most twice per year"
    );
    let _ = writeln!(s, "}}\n");

    // The XLA.
    let csat = *rng.pick(&["4.0", "4.2", "4.3"]);
    let nps = *rng.pick(&[20u32, 30, 40]);
    let _ = writeln!(s, "/// How {users} experience {svc}.");
    let _ = writeln!(s, "xla xla_{i} \"{svc} experience\" for {svc} {{");
    let _ = writeln!(s, "    provider {org}");
    let _ = writeln!(s, "    customer {cust}");
    let _ = writeln!(s, "    status signed");
    let _ = writeln!(s, "    {valid}");
    let _ = writeln!(s, "    {}\n", review(rng));
    let _ = writeln!(s, "    target csat: mean(satisfaction) >= {csat} per month");
    let _ = writeln!(s, "        measured by \"ticket-closure survey, 1..5\"");
    let _ = writeln!(s, "    target nps: nps >= +{nps} per quarter");
    let _ = writeln!(s, "        measured by \"quarterly pulse survey\"");
    let _ = writeln!(
        s,
        "    target lost_time: mean(lost_time) <= 30min per month"
    );
    let _ = writeln!(
        s,
        "        measured by \"ticket-closure survey: working time lost\""
    );
    let _ = writeln!(s, "    reward 1000 GBP when mean(satisfaction) >= 4.7");
    let _ = writeln!(s, "    reward 1500 GBP when nps >= +{}", nps + 20);
    let _ = writeln!(s, "}}\n");

    // The OLA chain.
    for k in 1..=shape.chain {
        let customer = if k == 1 {
            format!("desk_{i}")
        } else {
            format!("ops_{i}_{}", k - 1)
        };
        let (avail_by, restore_by) = if k == shape.chain {
            (format!("host_{i}.platform"), format!("host_{i}.restore"))
        } else {
            (
                format!("ola_{i}_{}.avail", k + 1),
                format!("ola_{i}_{}.restore", k + 1),
            )
        };
        let _ = writeln!(s, "/// Level {k} of the operations chain behind {svc}.");
        let _ = writeln!(
            s,
            "ola ola_{i}_{k} \"{svc} operations level {k}\" for {svc} {{"
        );
        let _ = writeln!(s, "    provider ops_{i}_{k}");
        let _ = writeln!(s, "    customer {customer}");
        let _ = writeln!(s, "    status signed");
        let _ = writeln!(s, "    {valid}");
        let _ = writeln!(s, "    {}\n", review(rng));
        let _ = writeln!(
            s,
            "    target avail: availability >= {} per month",
            pct(ola_avail[k])
        );
        let _ = writeln!(s, "        measured by \"component health checks\"");
        let _ = writeln!(s, "        supported by {avail_by}");
        let _ = writeln!(
            s,
            "    target restore: restore_time <= {}min where priority = critical",
            ola_restore[k]
        );
        let _ = writeln!(s, "        measured by \"ITSM: assigned to restored\"");
        let _ = writeln!(s, "        supported by {restore_by}");
        let _ = writeln!(s, "}}\n");
    }

    // The desk OLA.
    let _ = writeln!(s, "/// The service desk's triage for {svc}.");
    let _ = writeln!(s, "ola desk_ola_{i} \"{svc} service desk\" for {svc} {{");
    let _ = writeln!(s, "    provider desk_{i}");
    let _ = writeln!(s, "    customer ops_{i}_1");
    let _ = writeln!(s, "    status signed");
    let _ = writeln!(s, "    {valid}");
    let _ = writeln!(s, "    {}\n", review(rng));
    let _ = writeln!(
        s,
        "    target triage: response_time <= {triage}min where priority = critical"
    );
    let _ = writeln!(s, "        measured by \"ITSM: logged to assigned\"");
    let _ = writeln!(
        s,
        "    target p2_triage: response_time <= {}min where desk_priority = p2",
        triage * 2
    );
    let _ = writeln!(s, "        measured by \"ITSM: logged to assigned\"");
    let _ = writeln!(s, "}}\n");

    // The contracts.
    let host_sup = format!("sup_{}", rng.below(SUPPLIERS as u64));
    write_contract(
        s,
        rng,
        &format!("host_{i}"),
        &format!("{svc} hosting"),
        &svc,
        &host_sup,
        &org,
        &valid,
        &[
            (
                "platform",
                format!("availability >= {} per month", pct(host_avail)),
                "provider status API",
            ),
            (
                "restore",
                format!("restore_time <= {host_restore}min where priority = critical"),
                "supplier support portal",
            ),
        ],
        host_avail,
    );
    for (j, &avail) in net_avail.iter().enumerate().take(shape.networks) {
        let sup = format!("sup_{}", rng.below(SUPPLIERS as u64));
        write_contract(
            s,
            rng,
            &format!("net_{i}_{j}"),
            &format!("{svc} network link {j}"),
            &svc,
            &sup,
            &org,
            &valid,
            &[(
                "link",
                format!("availability >= {} per month", pct(avail)),
                "edge routers: BFD",
            )],
            avail,
        );
    }
}

#[allow(clippy::too_many_arguments, reason = "a private writer")]
fn write_contract(
    s: &mut String,
    rng: &mut XorShift,
    name: &str,
    title: &str,
    svc: &str,
    supplier: &str,
    customer: &str,
    valid: &str,
    targets: &[(&str, String, &str)],
    avail: u32,
) {
    let fee = 100 * (5 + rng.below(200));
    let _ = writeln!(s, "/// Underpinning contract with {supplier}.");
    let _ = writeln!(s, "contract {name} \"{title}\" for {svc} {{");
    let _ = writeln!(s, "    provider {supplier}");
    let _ = writeln!(s, "    customer {customer}");
    let _ = writeln!(s, "    status signed");
    let _ = writeln!(s, "    {valid}");
    let _ = writeln!(s, "    review every year last 2026-1{}-15", rng.below(2));
    let _ = writeln!(s, "    fee {fee} GBP per month\n");
    for (t, cond, by) in targets {
        let _ = writeln!(s, "    target {t}: {cond}");
        let _ = writeln!(s, "        measured by \"{by}\"");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "    credit 5% of fee when availability < {}", pct(avail));
    let _ = writeln!(s, "    credit 2% of fee for each 0.1% below {}", pct(avail));
    let _ = writeln!(s, "    credits capped at 20% of fee per month");
    let _ = writeln!(s, "    claim within 30d after month end");
    if targets.iter().any(|(t, _, _)| *t == "platform") {
        let _ = writeln!(s, "    downtime when error_rate > 5% in each 1min");
    }
    let _ = writeln!(s, "}}\n");
}

/// Hundredths of a percent as a literal: 9995 → `99.95%`.
fn pct(hundredths: u32) -> String {
    let (w, f) = (hundredths / 100, hundredths % 100);
    if f == 0 {
        format!("{w}%")
    } else if f % 10 == 0 {
        format!("{w}.{}%", f / 10)
    } else {
        format!("{w}.{f:02}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_counts_and_determinism() {
        for n in [5, 6, 9, 10, 13, 14, 57, 200, 1001] {
            let g = generate(n, 7);
            let count: usize = g
                .files
                .iter()
                .map(|f| {
                    f.text
                        .lines()
                        .filter(|l| {
                            ["sla ", "ola ", "xla ", "contract "]
                                .iter()
                                .any(|k| l.starts_with(k))
                        })
                        .count()
                })
                .sum();
            assert_eq!(count, n, "n = {n}");
        }
        let a = generate(300, 1);
        let b = generate(300, 1);
        assert!(a.files.iter().zip(&b.files).all(|(x, y)| x.text == y.text));
        assert_eq!(pct(9995), "99.95%");
        assert_eq!(pct(9950), "99.5%");
        assert_eq!(pct(9900), "99%");
    }
}
