/* The 16550A UART; see uart.h. */
#include "chipset/uart.h"

#include "chipset/chardev.h"

enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

#define LCR_DLAB 0x80
#define MCR_LOOP 0x10
#define MCR_OUT2 0x08
#define IER_RDA  0x01
#define IER_THRE 0x02
#define LSR_DR   0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

/* The identification the interrupt identification register gives: the
 * received-data interrupt outranks transmitter empty; 1 = none pending. */
static uint8_t pending(const struct uart *u)
{
	if ((u->ier & IER_RDA) && u->rx_ready)
		return 0x04;
	if ((u->ier & IER_THRE) && u->thre_pending)
		return 0x02;
	return 0x01;
}

/* On a PC, OUT2 gates the UART's interrupt onto the ISA bus. */
static void update_irq(struct uart *u)
{
	line_set(u->irq, pending(u) != 0x01 && (u->mcr & MCR_OUT2));
}

/* The next script byte arrives one character time from now, when the
 * script is released and the receiver empty. */
static void schedule_arrival(struct uart *u)
{
	if (!u->in_released || u->rx_ready || u->in_pos >= u->in_len || !u->timers)
		return;
	uint64_t divisor = (uint64_t)u->dlm << 8 | u->dll;
	uint64_t char_ns = 10 * 1000000000ull * (divisor ? divisor : 1) / 115200;
	timer_arm(u->timers, &u->arrival, timer_now(u->timers) + char_ns);
}

static void arrive(void *opaque, uint64_t now)
{
	struct uart *u = opaque;
	(void)now;
	if (u->rx_ready || u->in_pos >= u->in_len)
		return;
	u->rbr = u->in[u->in_pos++];
	u->rx_ready = true;
	update_irq(u);
}

/* The output so far against the trigger text: a naive match, restarted
 * at each mismatch from the byte that broke it. */
static void watch_output(struct uart *u, uint8_t v)
{
	if (u->in_released || !u->in_after)
		return;
	if ((uint8_t)u->in_after[u->after_matched] != v)
		u->after_matched = (uint8_t)u->in_after[0] == v;
	else
		u->after_matched++;
	if (u->in_after[u->after_matched] == '\0') {
		u->in_released = true;
		schedule_arrival(u);
	}
}

static void transmit(struct uart *u, uint8_t v)
{
	if (u->mcr & MCR_LOOP) {
		u->rbr = v;
		u->rx_ready = true;
	} else {
		u->bytes++;
		chardev_put(u->out, v);
		watch_output(u, v);
	}
	u->thre_pending = true;
}

static uint32_t uart_read(void *opaque, uint32_t offset, unsigned size)
{
	struct uart *u = opaque;
	uint8_t v = 0;
	(void)size;
	switch (offset) {
	case RBR_THR:
		if (u->lcr & LCR_DLAB)
			return u->dll;
		v = u->rbr;
		u->rx_ready = false;
		schedule_arrival(u);
		break;
	case IER:
		return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case IIR_FCR:
		v = (uint8_t)(pending(u) | ((u->fcr & 1) ? 0xC0 : 0));
		if (pending(u) == 0x02)
			u->thre_pending = false;   /* reading IIR clears THRE */
		break;
	case LCR: return u->lcr;
	case MCR: return u->mcr;
	case LSR: return (u->rx_ready ? LSR_DR : 0) | LSR_THRE | LSR_TEMT;
	case MSR:
		/* In loopback, DTR/RTS/OUT1/OUT2 read back as DSR/CTS/RI/DCD. */
		if (u->mcr & MCR_LOOP)
			return (uint32_t)((u->mcr & 0x0F) << 4);
		return 0xB0;                      /* DCD, DSR, CTS asserted */
	default: return u->scr;
	}
	update_irq(u);
	return v;
}

static void uart_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct uart *u = opaque;
	uint8_t v = (uint8_t)value;
	(void)size;
	switch (offset) {
	case RBR_THR:
		if (u->lcr & LCR_DLAB)
			u->dll = v;
		else
			transmit(u, v);
		break;
	case IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = v;
		} else {
			/* Enabling the THRE interrupt with the transmitter empty
			 * raises it at once. */
			if ((v & IER_THRE) && !(u->ier & IER_THRE))
				u->thre_pending = true;
			u->ier = v & 0x0F;
		}
		break;
	case IIR_FCR: u->fcr = v; break;
	case LCR: u->lcr = v; break;
	case MCR: u->mcr = v & 0x1F; break;
	case SCR: u->scr = v; break;
	default: break;
	}
	update_irq(u);
}

static const struct bus_io_ops uart_ops = { uart_read, uart_write };

void uart_reset(struct uart *u)
{
	u->ier = u->lcr = u->mcr = u->scr = u->fcr = 0;
	u->dll = 0x0C;                              /* 9600 baud */
	u->dlm = 0;
	u->rx_ready = u->thre_pending = false;
	update_irq(u);
	schedule_arrival(u);
}

bool uart_may_interrupt(const struct uart *u)
{
	return u->in_released && u->in_pos < u->in_len && (u->ier & IER_RDA) &&
	       (u->mcr & MCR_OUT2);
}

void uart_set_input(struct uart *u, const uint8_t *in, size_t len, const char *after)
{
	u->in = in;
	u->in_len = len;
	u->in_pos = 0;
	u->in_after = after && *after ? after : NULL;
	u->after_matched = 0;
	u->in_released = !u->in_after;
	schedule_arrival(u);
}

void uart_attach(struct uart *u, struct bus *bus, uint16_t base, const struct line *irq,
		 FILE *out, struct timer_queue *timers)
{
	u->irq = irq;
	u->out = out;
	u->bytes = 0;
	u->timers = timers;
	u->in = NULL;                 /* no input script until uart_set_input() */
	u->in_len = u->in_pos = u->after_matched = 0;
	u->in_after = NULL;
	u->in_released = false;
	u->rx_ready = false;
	timer_init(&u->arrival, arrive, u);
	bus_add_ports(bus, base, 8, &uart_ops, u);
	uart_reset(u);
}
