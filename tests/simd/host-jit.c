/* The host side of cpu-vs-host (host-jit.h). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "tests/simd/host-jit.h"

#ifdef HOST_JIT

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static uint8_t *page;

/* movq mm0,[rdi]; movq mm1,[rdi+8]; movups xmm0,[rdi+16];
 * movups xmm1,[rdi+32]; ldmxcsr [rdi+48]; mov eax,[rdi+56] */
static const uint8_t prologue[] = {
	0x0F, 0x6F, 0x07, 0x0F, 0x6F, 0x4F, 0x08, 0x0F, 0x10, 0x47, 0x10,
	0x0F, 0x10, 0x4F, 0x20, 0x0F, 0xAE, 0x57, 0x30, 0x8B, 0x47, 0x38,
};
/* movq [rdi],mm0; movq [rdi+8],mm1; movups [rdi+16],xmm0;
 * movups [rdi+32],xmm1; stmxcsr [rdi+48]; mov [rdi+56],eax; pushfq;
 * pop rax; mov [rdi+52],eax; emms; ret */
static const uint8_t epilogue[] = {
	0x0F, 0x7F, 0x07, 0x0F, 0x7F, 0x4F, 0x08, 0x0F, 0x11, 0x47, 0x10,
	0x0F, 0x11, 0x4F, 0x20, 0x0F, 0xAE, 0x5F, 0x30, 0x89, 0x47, 0x38,
	0x9C, 0x58, 0x89, 0x47, 0x34, 0x0F, 0x77, 0xC3,
};

void host_jit_run_x87(const uint8_t *insn, unsigned len, struct x87_state *s)
{
	uint8_t *p = page;
	const uint8_t start[] = { 0xDB, 0xE3, 0xD9, 0x6F, 80 }; /* fninit; fldcw [rdi+80] */
	memcpy(p, start, sizeof start);
	p += sizeof start;
	for (unsigned k = 0; k < s->count; k++) {   /* fld tbyte [rdi+10k] */
		const uint8_t fld[] = { 0xDB, 0x6F, (uint8_t)(10 * k) };
		memcpy(p, fld, sizeof fld);
		p += sizeof fld;
	}
	/* push qword [rdi+84]; popfq; mov eax,[rdi+88] */
	const uint8_t inputs[] = { 0xFF, 0x77, 84, 0x9D, 0x8B, 0x47, 88 };
	memcpy(p, inputs, sizeof inputs);
	p += sizeof inputs;
	memcpy(p, insn, len);
	p += len;
	/* fnsave [rdi+96]; mov [rdi+88],eax; pushfq; pop rax; mov [rdi+84],eax; ret */
	const uint8_t end[] = { 0xDD, 0x77, 96, 0x89, 0x47, 88, 0x9C, 0x58, 0x89, 0x47, 84, 0xC3 };
	memcpy(p, end, sizeof end);
	void (*fn)(struct x87_state *);
	void *code = page;
	memcpy(&fn, &code, sizeof fn);
	fn(s);
}

bool host_jit_init(void)
{
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		perror("cpu-vs-host: executable memory");
		page = NULL;
		return false;
	}
	return true;
}

void host_jit_run(const uint8_t *insn, unsigned len, struct simd_state *s)
{
	uint32_t saved;
	memcpy(page, prologue, sizeof prologue);
	memcpy(page + sizeof prologue, insn, len);
	memcpy(page + sizeof prologue + len, epilogue, sizeof epilogue);
	__asm__ volatile("stmxcsr %0" : "=m"(saved));
	void (*fn)(struct simd_state *);
	void *code = page;
	memcpy(&fn, &code, sizeof fn);
	fn(s);
	__asm__ volatile("ldmxcsr %0" : : "m"(saved));
}

#endif
