//! File modes as `chmod` and `COPY --chmod` write them: octal (`755`) or
//! symbolic (`u+x,go-w`).

/// The mode `spec` makes of `old`: octal (`755`) or symbolic; None when
/// `spec` is not a mode.
pub fn apply_mode(old: u32, is_dir: bool, spec: &str) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| c.is_digit(8)) {
        let mode = u32::from_str_radix(spec, 8).ok()?;
        return (mode <= 0o7777).then_some(mode);
    }
    let mut mode = old;
    for clause in spec.split(',') {
        let who_len = clause.chars().take_while(|c| "ugoa".contains(*c)).count();
        let who = &clause[..who_len];
        let mask = if who.is_empty() || who.contains('a') {
            0o7777
        } else {
            let mut m = 0;
            if who.contains('u') {
                m |= 0o4700;
            }
            if who.contains('g') {
                m |= 0o2070;
            }
            if who.contains('o') {
                m |= 0o1007;
            }
            m
        };
        let mut rest = clause[who_len..].chars().peekable();
        let mut any = false;
        while let Some(op) = rest.next() {
            if !matches!(op, '+' | '-' | '=') {
                return None;
            }
            any = true;
            let mut bits = 0;
            if let Some(&src) = rest.peek().filter(|c| "ugo".contains(**c)) {
                rest.next();
                let shift = match src {
                    'u' => 6,
                    'g' => 3,
                    _ => 0,
                };
                let perms = (mode >> shift) & 0o7;
                bits = perms << 6 | perms << 3 | perms;
            } else {
                while let Some(&c) = rest.peek().filter(|c| "rwxXst".contains(**c)) {
                    rest.next();
                    bits |= match c {
                        'r' => 0o444,
                        'w' => 0o222,
                        'x' => 0o111,
                        'X' if is_dir || mode & 0o111 != 0 => 0o111,
                        's' => 0o6000,
                        't' => 0o1000,
                        _ => 0,
                    };
                }
            }
            let bits = bits & mask;
            mode = match op {
                '+' => mode | bits,
                '-' => mode & !bits,
                _ => (mode & !(mask & 0o7777)) | bits,
            };
        }
        if !any {
            return None;
        }
    }
    Some(mode)
}
