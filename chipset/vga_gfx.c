/* The graphics screen as pixels; see vga_text.h.
 *
 * DISPI (Bochs VBE): packed pixels from video memory as linear bytes,
 * starting at the virtual screen's (X_OFFSET, Y_OFFSET); 8 bits index the
 * DAC, 15 and 16 bits are 5-5-5 and 5-6-5 RGB, 24 and 32 bits B, G, R
 * (and an unused byte), as vbe_display_api.txt has them.
 *
 * VGA (IBM VGA Technical Reference, "CRT Controller" and "Attribute
 * Controller"): row y starts at character-clock address start + y * 2 *
 * CR13 (start from CR0C:CR0D); with the 256-colour shift (GR05 bit 6) a
 * character clock is four pixels, one from each plane, indexing the DAC;
 * else it is eight pixels, bit 7 first, the four planes' bits making a
 * colour index through the colour plane enable (AR12), the attribute
 * palette and the DAC.  The CGA-compatible 2-bit shift mode (GR05 bit 5)
 * is not drawn. */
#include "chipset/vga_text.h"

#include "chipset/vga_internal.h"

#define MAX_SIDE 4096

static uint32_t vram_byte(const struct vga *v, uint32_t at)
{
	return v->vram[at % VGA_VRAM_SIZE];
}

static void draw_vbe(const struct vga *v, uint32_t *argb, unsigned w, unsigned h, unsigned bpp)
{
	const uint16_t *r = v->vbe.reg;
	unsigned bytes = (bpp + 7) / 8;
	uint32_t line = vga_vbe_line_bytes(v, r[VBE_DISPI_INDEX_VIRT_WIDTH]);
	uint32_t start = r[VBE_DISPI_INDEX_Y_OFFSET] * line + r[VBE_DISPI_INDEX_X_OFFSET] * bytes;
	for (unsigned y = 0; y < h; y++)
		for (unsigned x = 0; x < w; x++) {
			uint32_t at = start + y * line + x * bytes, c;
			uint32_t b0 = vram_byte(v, at), b1 = vram_byte(v, at + 1);
			uint32_t b2 = bytes > 2 ? vram_byte(v, at + 2) : 0, p = b0 | b1 << 8;
			switch (bpp) {
			case 8:
				c = vga_dac_rgb(v, b0);
				break;
			case 15:
				c = ((p >> 10) & 31) << 19 | ((p >> 5) & 31) << 11 | (p & 31) << 3;
				break;
			case 16:
				c = ((p >> 11) & 31) << 19 | ((p >> 5) & 63) << 10 | (p & 31) << 3;
				break;
			default:
				c = b2 << 16 | b1 << 8 | b0;
				break;
			}
			argb[(size_t)y * w + x] = 0xFF000000u | c;
		}
}

static void draw_vga(const struct vga *v, uint32_t *argb, unsigned w, unsigned h, bool bits8)
{
	const uint8_t *cr = v->crtc;
	uint32_t start = (uint32_t)cr[VGA_CRTC_START_HI] << 8 | cr[VGA_CRTC_START_LO];
	uint32_t stride = 2u * cr[VGA_CRTC_OFFSET];
	unsigned enable = v->attr[0x12] & 0xF;  /* colour plane enable */
	for (unsigned y = 0; y < h; y++)
		for (unsigned x = 0; x < w; x++) {
			uint32_t clock = start + y * stride + x / (bits8 ? 4 : 8);
			uint32_t plane_addr = vga_scan_address(v, clock) & (VGA_PLANE_SIZE - 1);
			const uint8_t *planes = &v->vram[plane_addr * VGA_PLANES];
			uint32_t c;
			if (bits8) {
				c = vga_dac_rgb(v, planes[x % 4]);
			} else {
				unsigned bit = 7 - x % 8, index = 0;
				for (unsigned p = 0; p < VGA_PLANES; p++)
					index |= ((planes[p] >> bit) & 1u) << p;
				c = vga_text_rgb(v, index & enable);
			}
			argb[(size_t)y * w + x] = 0xFF000000u | c;
		}
}

bool vga_graphics_pixels(const struct vga *v, uint32_t *argb)
{
	unsigned w, h, bpp;
	if (vga_display_mode(v) != VGA_DISPLAY_GRAPHICS || !vga_graphics_drawable(v))
		return false;
	vga_graphics_size(v, &w, &h, &bpp);
	if (vga_vbe_enabled(v))
		draw_vbe(v, argb, w, h, bpp);
	else
		draw_vga(v, argb, w, h, bpp == 8);
	return true;
}

bool vga_graphics_drawable(const struct vga *v)
{
	unsigned w, h, bpp;
	vga_graphics_size(v, &w, &h, &bpp);
	if (w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE)
		return false;
	if (vga_vbe_enabled(v))
		return bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
	return bpp == 4 || bpp == 8;
}
