/* The MC146818 real-time clock and CMOS RAM (ports 0x70-0x71) (MC146818A
 * datasheet; the CMOS layout the PC BIOSes read, from the Bochs BIOS and
 * SeaBIOS sources).  Time is guest time from --rtc-base, so two runs read
 * the same clock. */
#include "chipset/rtc.h"

#include <stdio.h>
#include <string.h>

#define NS_PER_S 1000000000ull

enum {
	REG_SEC = 0x00, REG_SEC_ALARM = 0x01, REG_MIN = 0x02, REG_MIN_ALARM = 0x03,
	REG_HOUR = 0x04, REG_HOUR_ALARM = 0x05, REG_WDAY = 0x06, REG_MDAY = 0x07,
	REG_MONTH = 0x08, REG_YEAR = 0x09, REG_A = 0x0A, REG_B = 0x0B, REG_C = 0x0C,
	REG_D = 0x0D, REG_CENTURY = 0x32,
};

#define B_SET  0x80
#define B_PIE  0x40
#define B_AIE  0x20
#define B_UIE  0x10
#define B_DM   0x04   /* binary, not BCD */
#define B_24H  0x02
#define C_IRQF 0x80
#define C_PF   0x40
#define C_AF   0x20
#define C_UF   0x10
#define A_UIP  0x80

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

struct civil {
	int64_t year;
	unsigned month, day, hour, min, sec, wday;
};

static struct civil civil_from_seconds(int64_t t)
{
	struct civil c;
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	c.hour = (unsigned)(rem / 3600);
	c.min = (unsigned)(rem % 3600 / 60);
	c.sec = (unsigned)(rem % 60);
	int64_t w = (days % 7 + 7) % 7;
	c.wday = (unsigned)((w + 4) % 7) + 1;  /* Sunday = 1; 1970-01-01 was a Thursday */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	c.day = doy - (153 * mp + 2) / 5 + 1;
	c.month = mp < 10 ? mp + 3 : mp - 9;
	c.year = (int64_t)yoe + era * 400 + (c.month <= 2);
	return c;
}

bool rtc_parse_base(const char *text, int64_t *seconds)
{
	int y, mo, d, h = 0, mi = 0, s = 0;
	char tail;
	int n = sscanf(text, "%d-%d-%dT%d:%d:%d%c", &y, &mo, &d, &h, &mi, &s, &tail);
	if (n != 3 && n != 6)
		return false;
	if (y < 1900 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || s < 0 || s > 59)
		return false;
	*seconds = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
	return true;
}

static int64_t now_seconds(const struct rtc *r)
{
	return r->base + r->offset + (int64_t)(timer_now(r->timers) / NS_PER_S);
}

static uint8_t encode(const struct rtc *r, unsigned v)
{
	return (r->cmos[REG_B] & B_DM) ? (uint8_t)v : (uint8_t)(((v / 10) << 4) | (v % 10));
}

static unsigned decode(const struct rtc *r, uint8_t v)
{
	return (r->cmos[REG_B] & B_DM) ? v : (unsigned)((v >> 4) * 10 + (v & 15));
}

static uint8_t encode_hour(const struct rtc *r, unsigned h)
{
	if (r->cmos[REG_B] & B_24H)
		return encode(r, h);
	unsigned h12 = h % 12 ? h % 12 : 12;
	return (uint8_t)(encode(r, h12) | (h >= 12 ? 0x80 : 0));
}

static unsigned decode_hour(const struct rtc *r, uint8_t v)
{
	if (r->cmos[REG_B] & B_24H)
		return decode(r, v);
	unsigned h = decode(r, v & 0x7F) % 12;
	return (v & 0x80) ? h + 12 : h;
}

/* Refresh the time registers from the clock (unless SET holds them). */
static void refresh(struct rtc *r)
{
	if (r->cmos[REG_B] & B_SET)
		return;
	struct civil c = civil_from_seconds(now_seconds(r));
	r->cmos[REG_SEC] = encode(r, c.sec);
	r->cmos[REG_MIN] = encode(r, c.min);
	r->cmos[REG_HOUR] = encode_hour(r, c.hour);
	r->cmos[REG_WDAY] = encode(r, c.wday);
	r->cmos[REG_MDAY] = encode(r, c.day);
	r->cmos[REG_MONTH] = encode(r, c.month);
	r->cmos[REG_YEAR] = encode(r, (unsigned)(c.year % 100));
	r->cmos[REG_CENTURY] = encode(r, (unsigned)(c.year / 100));
}

/* When SET is released, the time written becomes the clock's. */
static void commit_time(struct rtc *r)
{
	int64_t year = decode(r, r->cmos[REG_CENTURY]) * 100 + decode(r, r->cmos[REG_YEAR]);
	int64_t t = days_from_civil(year, decode(r, r->cmos[REG_MONTH]), decode(r, r->cmos[REG_MDAY])) *
		    86400 + decode_hour(r, r->cmos[REG_HOUR]) * 3600 +
		    decode(r, r->cmos[REG_MIN]) * 60 + decode(r, r->cmos[REG_SEC]);
	r->offset = t - r->base - (int64_t)(timer_now(r->timers) / NS_PER_S);
}

static void raise_irq8(struct rtc *r, uint8_t flag)
{
	r->cmos[REG_C] |= flag;
	uint8_t b = r->cmos[REG_B];
	bool enabled = ((flag & C_PF) && (b & B_PIE)) || ((flag & C_AF) && (b & B_AIE)) ||
		       ((flag & C_UF) && (b & B_UIE));
	if (enabled && !(r->cmos[REG_C] & C_IRQF)) {
		r->cmos[REG_C] |= C_IRQF;
		line_set(r->irq8, true);
	}
}

/* The periodic rate of register A: 2^(rate-1) divisions of 32768 Hz. */
static uint64_t periodic_ns(const struct rtc *r)
{
	unsigned rate = r->cmos[REG_A] & 15;
	if (rate == 0)
		return 0;
	if (rate <= 2)
		rate += 7;
	return (NS_PER_S << (rate - 1)) / 32768;
}

static void schedule(struct rtc *r)
{
	uint64_t now = timer_now(r->timers), p = periodic_ns(r);
	timer_cancel(r->timers, &r->periodic);
	if (p && (r->cmos[REG_B] & B_PIE))
		timer_arm(r->timers, &r->periodic, (now / p + 1) * p);
	timer_arm(r->timers, &r->second, (now / NS_PER_S + 1) * NS_PER_S);
}

bool rtc_may_interrupt(const struct rtc *r)
{
	return r->cmos[REG_B] & (B_PIE | B_AIE | B_UIE);
}

static void periodic_fire(void *opaque, uint64_t now)
{
	struct rtc *r = opaque;
	(void)now;
	raise_irq8(r, C_PF);
	schedule(r);
}

/* Each second: the update-ended flag, and the alarm when the alarm
 * registers match (0xC0-0xFF in one means "any"). */
static void second_fire(void *opaque, uint64_t now)
{
	struct rtc *r = opaque;
	(void)now;
	if (!(r->cmos[REG_B] & B_SET)) {
		refresh(r);
		raise_irq8(r, C_UF);
		bool alarm = true;
		for (unsigned k = 0; k < 3; k++) {
			uint8_t a = r->cmos[REG_SEC_ALARM + 2 * k];
			alarm = alarm && ((a & 0xC0) == 0xC0 || a == r->cmos[REG_SEC + 2 * k]);
		}
		if (alarm)
			raise_irq8(r, C_AF);
	}
	schedule(r);
}

static uint32_t rtc_read(void *opaque, uint32_t offset, unsigned size)
{
	struct rtc *r = opaque;
	(void)size;
	if (offset == 0)
		return 0xFF;
	unsigned idx = r->index & 0x7F;
	if (idx <= REG_YEAR || idx == REG_CENTURY)
		refresh(r);
	if (idx == REG_A) {
		uint64_t ns = timer_now(r->timers) % NS_PER_S;
		bool uip = !(r->cmos[REG_B] & B_SET) && ns >= NS_PER_S - 244000;
		return (r->cmos[REG_A] & 0x7F) | (uip ? A_UIP : 0);
	}
	if (idx == REG_C) {
		uint8_t v = r->cmos[REG_C];
		r->cmos[REG_C] = 0;
		line_set(r->irq8, false);
		return v;
	}
	return r->cmos[idx];
}

static void rtc_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct rtc *r = opaque;
	(void)size;
	if (offset == 0) {
		r->index = (uint8_t)value;   /* bit 7 masks NMI */
		return;
	}
	unsigned idx = r->index & 0x7F;
	uint8_t v = (uint8_t)value;
	switch (idx) {
	case REG_A:
		r->cmos[REG_A] = v & 0x7F;
		schedule(r);
		break;
	case REG_B:
		if ((r->cmos[REG_B] & B_SET) && !(v & B_SET)) {
			r->cmos[REG_B] = v;
			commit_time(r);
		} else {
			if (!(r->cmos[REG_B] & B_SET) && (v & B_SET))
				refresh(r);
			r->cmos[REG_B] = v;
		}
		schedule(r);
		break;
	case REG_C:
	case REG_D:
		break;                  /* read-only */
	default:
		if (idx <= REG_YEAR || idx == REG_CENTURY)
			refresh(r);
		r->cmos[idx] = v;
		if ((idx <= REG_YEAR || idx == REG_CENTURY) && !(r->cmos[REG_B] & B_SET) &&
		    idx != REG_SEC_ALARM && idx != REG_MIN_ALARM && idx != REG_HOUR_ALARM)
			commit_time(r);
		break;
	}
}

static const struct bus_io_ops rtc_ops = { rtc_read, rtc_write };

void rtc_set_cmos(struct rtc *r, unsigned index, uint8_t value)
{
	if (index < sizeof(r->cmos))
		r->cmos[index] = value;
}

void rtc_reset(struct rtc *r)
{
	r->cmos[REG_A] = 0x26;          /* 32768 Hz divider, 1024 Hz rate */
	r->cmos[REG_B] = B_24H;
	r->cmos[REG_C] = 0;
	r->cmos[REG_D] = 0x80;          /* valid RAM and time */
	refresh(r);
	schedule(r);
}

void rtc_attach(struct rtc *r, struct bus *bus, struct timer_queue *timers,
		const struct line *irq8, int64_t base_seconds)
{
	memset(r->cmos, 0, sizeof(r->cmos));
	r->timers = timers;
	r->irq8 = irq8;
	r->base = base_seconds;
	r->offset = 0;
	timer_init(&r->periodic, periodic_fire, r);
	timer_init(&r->second, second_fire, r);
	bus_add_ports(bus, 0x70, 2, &rtc_ops, r);
	rtc_reset(r);
}
