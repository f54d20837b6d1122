/* The PIIX IDE function with ATA PIO disks; see ide.h. */
#include "chipset/ide.h"

#include <errno.h>
#include <string.h>

enum { REG_DATA, REG_ERROR_FEATURE, REG_COUNT, REG_LBA0, REG_LBA1, REG_LBA2, REG_SELECT,
       REG_STATUS_COMMAND };

#define ST_ERR  0x01
#define ST_DRQ  0x08
#define ST_DSC  0x10
#define ST_DRDY 0x40
#define ST_BSY  0x80
#define ERR_ABRT 0x04
#define ERR_IDNF 0x10
#define CTL_NIEN 0x02
#define CTL_SRST 0x04
#define SEL_LBA  0x40
#define SEL_DEV  0x10

bool ide_disk_open(struct ide_disk *d, const char *path)
{
	memset(d, 0, sizeof(*d));
	d->file = fopen(path, "r+b");
	if (!d->file) {
		d->file = fopen(path, "rb");
		d->read_only = true;
	}
	if (!d->file) {
		fprintf(stderr, "smmbox: cannot open disk image %s: %s\n", path, strerror(errno));
		return false;
	}
	long size = -1;
	if (fseek(d->file, 0, SEEK_END) == 0)
		size = ftell(d->file);
	if (size < 512 || size % 512) {
		fprintf(stderr, "smmbox: disk image %s is %ld bytes: it must be a non-zero "
			"multiple of 512\n", path, size);
		fclose(d->file);
		d->file = NULL;
		return false;
	}
	d->sectors = (uint64_t)size / 512;
	d->heads = 16;
	d->spt = 63;
	uint64_t cyl = d->sectors / (16 * 63);
	d->cylinders = (uint16_t)(cyl > 16383 ? 16383 : cyl ? cyl : 1);
	return true;
}

void ide_disk_close(struct ide_disk *d)
{
	if (d->file)
		fclose(d->file);
	d->file = NULL;
}

static struct ide_disk *current(struct ide_channel *c)
{
	return c->disk[(c->select & SEL_DEV) ? 1 : 0];
}

static void raise_irq(struct ide_channel *c)
{
	c->irq_pending = true;
	if (!(c->control & CTL_NIEN))
		line_set(c->irq, true);
}

static void clear_irq(struct ide_channel *c)
{
	c->irq_pending = false;
	line_set(c->irq, false);
}

static void abort_command(struct ide_channel *c)
{
	c->status = ST_DRDY | ST_DSC | ST_ERR;
	c->error = ERR_ABRT;
	raise_irq(c);
}

/* ATA strings are byte-swapped within each word, space-padded. */
static void ata_string(uint8_t *dst, const char *s, unsigned len)
{
	for (unsigned k = 0; k < len; k++) {
		char ch = k < strlen(s) ? s[k] : ' ';
		dst[k ^ 1] = (uint8_t)ch;
	}
}

static void put16(uint8_t *b, unsigned word, uint16_t v)
{
	b[2 * word] = (uint8_t)v;
	b[2 * word + 1] = (uint8_t)(v >> 8);
}

/* IDENTIFY DEVICE (ATA-4 §8.12): geometry, LBA capacity, PIO modes. */
static void identify(struct ide_channel *c, const struct ide_disk *d)
{
	uint8_t *b = c->buf;
	memset(b, 0, 512);
	uint64_t chs = (uint64_t)d->cylinders * d->heads * d->spt;
	uint32_t lba28 = d->sectors > 0x0FFFFFFF ? 0x0FFFFFFF : (uint32_t)d->sectors;
	put16(b, 0, 0x0040);                     /* fixed disk */
	put16(b, 1, d->cylinders);
	put16(b, 3, d->heads);
	put16(b, 4, (uint16_t)(512 * d->spt)); /* obsolete bytes per track and per */
	put16(b, 5, 512);                      /* sector: the Bochs BIOS reads word 5 */
	put16(b, 6, d->spt);
	ata_string(b + 20, "SMMBOX0001", 20);    /* serial number */
	ata_string(b + 46, "0.1", 8);            /* firmware revision */
	ata_string(b + 54, "SMMBOX HARDDISK", 40);
	put16(b, 47, 0x8010);                    /* READ/WRITE MULTIPLE up to 16 */
	put16(b, 49, 0x0200);                    /* LBA supported */
	put16(b, 53, 0x0003);                    /* words 54-58, 64-70 valid */
	put16(b, 54, d->cylinders);
	put16(b, 55, d->heads);
	put16(b, 56, d->spt);
	put16(b, 57, (uint16_t)chs);
	put16(b, 58, (uint16_t)(chs >> 16));
	put16(b, 59, c->multiple ? (uint16_t)(0x100 | c->multiple) : 0);
	put16(b, 60, (uint16_t)lba28);
	put16(b, 61, (uint16_t)(lba28 >> 16));
	put16(b, 64, 0x0003);                    /* PIO modes 3 and 4 */
	put16(b, 80, 0x001E);                    /* ATA-1 to ATA-4 */
	put16(b, 83, 0x4400);                    /* 48-bit address feature set */
	put16(b, 86, 0x0400);
	for (unsigned k = 0; k < 4; k++)
		put16(b, 100 + k, (uint16_t)(d->sectors >> (16 * k)));
	c->pos = 0;
	c->len = 512;
	c->remaining = 0;
	c->writing = false;
	c->status = ST_DRDY | ST_DSC | ST_DRQ;
	raise_irq(c);
}

/* The command's starting sector from the task file: LBA28, LBA48 or CHS. */
static bool start_lba(struct ide_channel *c, const struct ide_disk *d, bool lba48,
		      uint64_t *lba)
{
	if (lba48) {
		*lba = (uint64_t)c->lba[0] | (uint64_t)c->lba[1] << 8 | (uint64_t)c->lba[2] << 16 |
		       (uint64_t)c->lba_prev[0] << 24 | (uint64_t)c->lba_prev[1] << 32 |
		       (uint64_t)c->lba_prev[2] << 40;
	} else if (c->select & SEL_LBA) {
		*lba = (uint64_t)c->lba[0] | (uint64_t)c->lba[1] << 8 | (uint64_t)c->lba[2] << 16 |
		       (uint64_t)(c->select & 0x0F) << 24;
	} else {
		unsigned cyl = c->lba[1] | (unsigned)c->lba[2] << 8, head = c->select & 0x0F;
		unsigned sect = c->lba[0];
		if (sect == 0 || sect > d->spt || head >= d->heads)
			return false;
		*lba = ((uint64_t)cyl * d->heads + head) * d->spt + sect - 1;
	}
	return true;
}

/* Fill the buffer with up to `chunk` sectors from next_lba. */
static bool read_chunk(struct ide_channel *c, struct ide *ide, unsigned chunk)
{
	struct ide_disk *d = current(c);
	unsigned n = c->remaining < chunk ? c->remaining : chunk;
	if (fseek(d->file, (long)(c->next_lba * 512), SEEK_SET) != 0 ||
	    fread(c->buf, 512, n, d->file) != n)
		return false;
	c->next_lba += n;
	c->remaining -= n;
	c->pos = 0;
	c->len = 512 * n;
	ide->reads += n;
	return true;
}

static unsigned chunk_of(const struct ide_channel *c, bool multiple)
{
	return multiple && c->multiple ? c->multiple : 1;
}

static void begin_transfer(struct ide *ide, struct ide_channel *c, bool write,
			   bool lba48, bool multiple)
{
	struct ide_disk *d = current(c);
	uint64_t lba = 0;
	uint32_t count = lba48 ? (uint32_t)(c->count | c->count_prev << 8) : c->count;
	if (count == 0)
		count = lba48 ? 65536 : 256;
	bool addressable = start_lba(c, d, lba48, &lba);
	if ((multiple && !c->multiple) || !addressable || (write && d->read_only)) {
		abort_command(c);
		return;
	}
	if (lba + count > d->sectors) {
		abort_command(c);
		c->error = ERR_IDNF | ERR_ABRT;  /* the sector is not on the disk */
		return;
	}
	c->next_lba = lba;
	c->remaining = count;
	c->writing = write;
	c->multiple_transfer = multiple;
	if (write) {
		unsigned n = chunk_of(c, multiple);
		c->pos = 0;
		c->len = 512 * (c->remaining < n ? c->remaining : n);
		c->status = ST_DRDY | ST_DSC | ST_DRQ;   /* no interrupt before the data */
		return;
	}
	if (!read_chunk(c, ide, chunk_of(c, multiple))) {
		abort_command(c);
		return;
	}
	c->status = ST_DRDY | ST_DSC | ST_DRQ;
	raise_irq(c);
}

static void command(struct ide *ide, struct ide_channel *c, uint8_t cmd)
{
	struct ide_disk *d = current(c);
	clear_irq(c);
	c->error = 0;
	if (!d) {
		/* No device: the command goes nowhere (status stays 0). */
		c->status = 0;
		return;
	}
	switch (cmd) {
	case 0xEC: identify(c, d); break;
	case 0x20: case 0x21: begin_transfer(ide, c, false, false, false); break;
	case 0x24: begin_transfer(ide, c, false, true, false); break;
	case 0xC4: begin_transfer(ide, c, false, false, true); break;
	case 0x29: begin_transfer(ide, c, false, true, true); break;
	case 0x30: case 0x31: begin_transfer(ide, c, true, false, false); break;
	case 0x34: begin_transfer(ide, c, true, true, false); break;
	case 0xC5: begin_transfer(ide, c, true, false, true); break;
	case 0x39: begin_transfer(ide, c, true, true, true); break;
	case 0xC6:                                  /* SET MULTIPLE MODE */
		if (c->count > 16 || (c->count & (c->count - 1))) {
			abort_command(c);
			break;
		}
		c->multiple = c->count;
		c->status = ST_DRDY | ST_DSC;
		raise_irq(c);
		break;
	case 0x40: case 0x41:                       /* READ VERIFY */
	case 0x10: case 0x91: case 0xEF:            /* RECALIBRATE, INIT PARAMS, SET FEATURES */
	case 0xE7: case 0xEA: case 0xE0: case 0xE1: /* FLUSH, STANDBY/IDLE IMMEDIATE */
		if (cmd == 0xE7 || cmd == 0xEA)
			fflush(d->file);
		c->status = ST_DRDY | ST_DSC;
		raise_irq(c);
		break;
	case 0x90:                                  /* EXECUTE DEVICE DIAGNOSTIC */
		c->error = 0x01;
		c->count = 1;
		c->lba[0] = 1;
		c->lba[1] = c->lba[2] = 0;
		c->status = ST_DRDY | ST_DSC;
		raise_irq(c);
		break;
	default:                                    /* incl. ATAPI commands */
		abort_command(c);
		break;
	}
}

/* The host took or gave the whole buffer: next chunk, or done. */
static void buffer_done(struct ide *ide, struct ide_channel *c)
{
	struct ide_disk *d = current(c);
	if (c->writing) {
		unsigned n = c->len / 512;
		if (fseek(d->file, (long)(c->next_lba * 512), SEEK_SET) != 0 ||
		    fwrite(c->buf, 512, n, d->file) != n) {
			abort_command(c);
			return;
		}
		ide->writes += n;
		c->next_lba += n;
		c->remaining -= n;
	}
	if (c->remaining == 0) {
		c->status = ST_DRDY | ST_DSC;
		c->len = c->pos = 0;
		if (c->writing)
			raise_irq(c);
		return;
	}
	unsigned chunk = chunk_of(c, c->multiple_transfer);
	if (c->writing) {
		c->pos = 0;
		c->len = 512 * (c->remaining < chunk ? c->remaining : chunk);
	} else if (!read_chunk(c, ide, chunk)) {
		abort_command(c);
		return;
	}
	c->status = ST_DRDY | ST_DSC | ST_DRQ;
	raise_irq(c);
}

static uint32_t data_read(struct ide *ide, struct ide_channel *c, unsigned size)
{
	if (!(c->status & ST_DRQ) || c->writing)
		return 0xFFFFFFFFu >> (32 - 8 * size);
	uint32_t v = 0;
	for (unsigned k = 0; k < size && c->pos < c->len; k++)
		v |= (uint32_t)c->buf[c->pos++] << (8 * k);
	if (c->pos >= c->len)
		buffer_done(ide, c);
	return v;
}

static void data_write(struct ide *ide, struct ide_channel *c, uint32_t v, unsigned size)
{
	if (!(c->status & ST_DRQ) || !c->writing)
		return;
	for (unsigned k = 0; k < size && c->pos < c->len; k++)
		c->buf[c->pos++] = (uint8_t)(v >> (8 * k));
	if (c->pos >= c->len)
		buffer_done(ide, c);
}

static uint32_t cmd_read(void *opaque, uint32_t offset, unsigned size)
{
	struct ide *ide = ((struct ide_port *)opaque)->ide;
	struct ide_channel *c = &ide->ch[((struct ide_port *)opaque)->channel];
	bool present = current(c) != NULL;
	/* An empty channel reads 0 everywhere, as on QEMU; with one device,
	 * the task file is shared and only the absent device's status is 0. */
	if (!c->disk[0] && !c->disk[1])
		return 0;
	switch (offset) {
	case REG_DATA: return data_read(ide, c, size);
	case REG_ERROR_FEATURE: return present ? c->error : 0;
	case REG_COUNT: return c->count;
	case REG_LBA0: case REG_LBA1: case REG_LBA2: return c->lba[offset - REG_LBA0];
	case REG_SELECT: return c->select | 0xA0;
	default:
		if (!present)
			return 0;
		clear_irq(c);   /* reading the status acknowledges the interrupt */
		return c->status;
	}
}

static void cmd_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct ide *ide = ((struct ide_port *)opaque)->ide;
	struct ide_channel *c = &ide->ch[((struct ide_port *)opaque)->channel];
	uint8_t v = (uint8_t)value;
	switch (offset) {
	case REG_DATA: data_write(ide, c, value, size); break;
	case REG_ERROR_FEATURE: c->feature = v; break;
	case REG_COUNT: c->count_prev = c->count; c->count = v; break;
	case REG_LBA0: case REG_LBA1: case REG_LBA2:
		c->lba_prev[offset - REG_LBA0] = c->lba[offset - REG_LBA0];
		c->lba[offset - REG_LBA0] = v;
		break;
	case REG_SELECT: c->select = v; break;
	default: command(ide, c, v); break;
	}
}

/* Device control (0x3F6/0x376): nIEN masks the interrupt, SRST resets
 * the channel's devices; reads give the alternate status. */
static uint32_t ctl_read(void *opaque, uint32_t offset, unsigned size)
{
	struct ide *ide = ((struct ide_port *)opaque)->ide;
	struct ide_channel *c = &ide->ch[((struct ide_port *)opaque)->channel];
	(void)offset;
	(void)size;
	return current(c) ? c->status : 0;
}

static void channel_reset(struct ide_channel *c)
{
	c->status = (c->disk[0] || c->disk[1]) ? ST_DRDY | ST_DSC : 0;
	c->error = 0x01;                   /* diagnostic: device 0 passed */
	c->count = 1;
	c->lba[0] = 1;
	c->lba[1] = c->lba[2] = 0;
	c->select = 0;
	c->pos = c->len = 0;
	c->remaining = 0;
	c->multiple = 0;
	clear_irq(c);
}

static void ctl_write(void *opaque, uint32_t offset, uint32_t value, unsigned size)
{
	struct ide *ide = ((struct ide_port *)opaque)->ide;
	struct ide_channel *c = &ide->ch[((struct ide_port *)opaque)->channel];
	(void)offset;
	(void)size;
	if ((value & CTL_SRST) && !(c->control & CTL_SRST))
		channel_reset(c);
	c->control = (uint8_t)value;
	if (c->irq_pending)
		line_set(c->irq, !(c->control & CTL_NIEN));
}

static const struct bus_io_ops cmd_ops = { cmd_read, cmd_write };
static const struct bus_io_ops ctl_ops = { ctl_read, ctl_write };

void ide_reset(struct ide *ide)
{
	for (unsigned n = 0; n < 2; n++) {
		ide->ch[n].control = 0;
		channel_reset(&ide->ch[n]);
	}
}

void ide_attach(struct ide *ide, struct pci_bus *pci, struct bus *bus,
		const struct line *primary_irq, const struct line *secondary_irq)
{
	static const uint16_t cmd_base[2] = { 0x1F0, 0x170 }, ctl_base[2] = { 0x3F6, 0x376 };
	pci_init_header(&ide->pci, 0x8086, 0x7010, 0x00, 0x010180); /* IDE, compatibility */
	ide->pci.name = "piix-ide";
	ide->pci.devfn = PCI_DEVFN(1, 1);
	pci_add_device(pci, &ide->pci);
	for (unsigned n = 0; n < 2; n++) {
		ide->ch[n].irq = n ? secondary_irq : primary_irq;
		ide->port[n] = (struct ide_port){ ide, n };
		bus_add_ports(bus, cmd_base[n], 8, &cmd_ops, &ide->port[n]);
		bus_add_ports(bus, ctl_base[n], 1, &ctl_ops, &ide->port[n]);
	}
	ide_reset(ide);
}
