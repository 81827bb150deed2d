// SPDX-License-Identifier: GPL-2.0-only
/*
 * rb_vrproc.c - virtio transport for VIRTIO_ID_RPMSG in the rpmsg-bench test VM.
 *
 * Stands in for remoteproc + imx_rproc + the i.MX Messaging Unit, so that the
 * stock virtio_rpmsg_bus, rpmsg_char, rpmsg_ctrl, rpmsg_ns and rpmsg_tty run
 * unmodified against a remote (the echo firmware's host build) that lives in
 * a host process and shares the guest's RAM through a memory-backend file.
 *
 * The remote owns a control block at guest-physical ctrl_pa (reserved with
 * the kernel argument memmap=64K$0x1f000000), laid out in rb_shm.h:
 *  - a live resource table (struct resource_table + one fw_rsc_vdev, as in
 *    include/linux/remoteproc.h) from which this driver takes the vring size
 *    and alignment and the device features, and into which it writes back the
 *    vring addresses, notify ids, negotiated features and device status, as
 *    remoteproc does with the "rsc-table" region in attach mode
 *    (drivers/remoteproc/remoteproc_virtio.c rp_find_vq, rproc_virtio_*);
 *  - doorbells in both directions (struct rb_shm_mbox).
 *
 * Linux -> remote: a kick bumps l2r_count and waits for the remote to copy it
 * into l2r_ack. Like imx_rproc's mailbox client (tx_block = true, tx_tout =
 * 100 ms in drivers/remoteproc/imx_rproc.c imx_rproc_xtr_mbox_init; the wait
 * is wait_for_completion_timeout in drivers/mailbox/mailbox.c
 * mbox_send_message), a kick not acknowledged within kick_timeout_ms fails
 * with -ETIME and is logged in imx_rproc_kick's format
 * ("%s: failed (%d, err:%d)"), so a stalled remote shows the field symptom
 * "imx_rproc_kick: failed (1, err:-62)" as "rb_vrproc_kick: failed (1, err:-62)".
 * As in remoteproc (rproc_virtio_notify), a failed kick does not break the
 * virtqueue.
 *
 * Remote -> Linux: a kernel thread polls r2l_count and calls vring_interrupt()
 * for both virtqueues, as imx_rproc's rx work does with rproc_vq_interrupt().
 * It must be process context: the rpmsg receive path takes mutexes and
 * registers devices (name-service channel creation, tty probe). The thread
 * polls every poll_us while messages flow and every idle_poll_us after
 * idle_ms without a notification.
 *
 * vrings are legacy little-endian split rings whose addresses are plain
 * guest-physical (no IOMMU on the pc machine); virtio_rpmsg_bus allocates its
 * buffers with dma_alloc_coherent() on vdev->dev.parent, which is why the
 * parent is a platform device with a 64-bit DMA mask.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/remoteproc.h>
#include <linux/slab.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_ring.h>

#include "rb_shm.h"

#define DRV_NAME "rb_vrproc"
#define RB_NUM_VQS 2 /* virtio_rpmsg_bus: vq0 = rx ("input"), vq1 = tx ("output") */

static ulong ctrl_pa = RB_SHM_CTRL_PA;
module_param(ctrl_pa, ulong, 0444);
MODULE_PARM_DESC(ctrl_pa, "guest-physical address of the rb_shm control block");

static uint kick_timeout_ms = RB_SHM_KICK_TIMEOUT_MS;
module_param(kick_timeout_ms, uint, 0644);
MODULE_PARM_DESC(kick_timeout_ms, "ms the remote has to acknowledge a kick (imx_rproc: 100)");

static uint ready_timeout_ms = 10000;
module_param(ready_timeout_ms, uint, 0644);
MODULE_PARM_DESC(ready_timeout_ms, "ms to wait at probe for the remote's resource table");

static uint poll_us = 10;
module_param(poll_us, uint, 0644);
MODULE_PARM_DESC(poll_us, "doorbell polling period while messages flow, us");

static uint idle_poll_us = 1000;
module_param(idle_poll_us, uint, 0644);
MODULE_PARM_DESC(idle_poll_us, "doorbell polling period when idle, us");

static uint idle_ms = 50;
module_param(idle_ms, uint, 0644);
MODULE_PARM_DESC(idle_ms, "ms without a notification before polling slows down");

/* Counters, readable in /sys/module/rb_vrproc/parameters/. */
static uint kicks;
module_param(kicks, uint, 0444);
MODULE_PARM_DESC(kicks, "kicks rung (Linux -> remote)");

static uint kick_failed;
module_param(kick_failed, uint, 0444);
MODULE_PARM_DESC(kick_failed, "kicks that timed out with -ETIME (each one logged)");

static uint notifies;
module_param(notifies, uint, 0444);
MODULE_PARM_DESC(notifies, "notifications taken from the remote (remote -> Linux)");

struct rb_vrproc {
	struct virtio_device vdev;
	struct platform_device *pdev;
	void *ctrl;			/* memremap()ed control block */
	struct rb_shm_mbox *mbox;	/* at ctrl + 0 */
	struct fw_rsc_vdev *rsc;	/* the vdev entry of the live resource table */
	u32 vring_num;
	u32 vring_align;
	u8 status;
	u32 l2r_count;			/* last count written to mbox->l2r_count */
	struct mutex kick_lock;		/* one kick in flight, like the mailbox queue */
	struct virtqueue *vqs[RB_NUM_VQS];
	struct task_struct *poller;
};

static struct platform_device *rb_pdev;

static struct rb_vrproc *to_rp(struct virtio_device *vdev)
{
	return container_of(vdev, struct rb_vrproc, vdev);
}

/*
 * Ring the remote for virtqueue vqid and wait for its acknowledgement.
 * Returns 0, or -ETIME when the remote did not copy our count into l2r_ack
 * within kick_timeout_ms. Sleeps: process context only (rpmsg sends hold a
 * mutex; receive callbacks run in the poll thread).
 */
static int rb_vrproc_kick(struct rb_vrproc *rp, int vqid)
{
	struct rb_shm_mbox *mb = rp->mbox;
	ktime_t start, deadline;
	u32 count;
	int err = 0;

	mutex_lock(&rp->kick_lock);
	count = ++rp->l2r_count;
	WRITE_ONCE(mb->l2r_vqid, vqid);
	/* The remote must see the vring update and l2r_vqid before the count. */
	virt_wmb();
	WRITE_ONCE(mb->l2r_count, count);
	kicks++;

	start = ktime_get();
	deadline = ktime_add_ms(start, kick_timeout_ms);
	for (;;) {
		/* Wrap-safe: acknowledged once ack has reached count. */
		if ((s32)(READ_ONCE(mb->l2r_ack) - count) >= 0)
			break;
		if (ktime_after(ktime_get(), deadline)) {
			err = -ETIME;
			break;
		}
		/*
		 * The MU raises TX-empty within microseconds of the remote
		 * reading its register: spin briefly, then sleep in short steps.
		 */
		if (ktime_us_delta(ktime_get(), start) < 30)
			cpu_relax();
		else
			usleep_range(20, 40);
	}
	if (err) {
		kick_failed++;
		/* The remote reads l2r_failed for its own diagnostics. */
		WRITE_ONCE(mb->l2r_failed, READ_ONCE(mb->l2r_failed) + 1);
	}
	mutex_unlock(&rp->kick_lock);

	/* Same text as drivers/remoteproc/imx_rproc.c imx_rproc_kick(). */
	if (err)
		dev_err(&rp->pdev->dev, "%s: failed (%d, err:%d)\n", __func__, vqid, err);
	return err;
}

static bool rb_vrproc_notify(struct virtqueue *vq)
{
	struct rb_vrproc *rp = to_rp(vq->vdev);

	rb_vrproc_kick(rp, vq->index);
	/* As rproc_virtio_notify: a failed kick must not mark the vq broken. */
	return true;
}

static int rb_vrproc_poll_thread(void *data)
{
	struct rb_vrproc *rp = data;
	struct rb_shm_mbox *mb = rp->mbox;
	u32 seen = READ_ONCE(mb->r2l_ack);
	unsigned long last = jiffies;
	int i;

	while (!kthread_should_stop()) {
		u32 count = READ_ONCE(mb->r2l_count);

		if (count != seen && (READ_ONCE(rp->status) & VIRTIO_CONFIG_S_DRIVER_OK)) {
			seen = count;
			/* Read the used rings only after the remote's count. */
			virt_rmb();
			WRITE_ONCE(mb->r2l_ack, count);
			notifies++;
			for (i = 0; i < RB_NUM_VQS; i++)
				if (rp->vqs[i])
					vring_interrupt(0, rp->vqs[i]);
			last = jiffies;
			cond_resched();
			continue;
		}
		if (time_after(jiffies, last + msecs_to_jiffies(idle_ms)))
			usleep_range(idle_poll_us, idle_poll_us * 2);
		else
			usleep_range(poll_us, poll_us * 2);
	}
	return 0;
}

static void rb_vrproc_get(struct virtio_device *vdev, unsigned int offset, void *buf,
			  unsigned int len)
{
	/* The remote announces no config space (config_len 0). */
	memset(buf, 0, len);
}

static void rb_vrproc_set(struct virtio_device *vdev, unsigned int offset, const void *buf,
			  unsigned int len)
{
}

static u8 rb_vrproc_get_status(struct virtio_device *vdev)
{
	return READ_ONCE(to_rp(vdev)->status);
}

static void rb_vrproc_set_status(struct virtio_device *vdev, u8 status)
{
	struct rb_vrproc *rp = to_rp(vdev);

	WRITE_ONCE(rp->status, status);
	/* The remote starts using the vrings once it sees DRIVER_OK. */
	virt_wmb();
	WRITE_ONCE(rp->rsc->status, status);
}

static void rb_vrproc_reset(struct virtio_device *vdev)
{
	rb_vrproc_set_status(vdev, 0);
}

static u64 rb_vrproc_get_features(struct virtio_device *vdev)
{
	return READ_ONCE(to_rp(vdev)->rsc->dfeatures);
}

static int rb_vrproc_finalize_features(struct virtio_device *vdev)
{
	struct rb_vrproc *rp = to_rp(vdev);

	vring_transport_features(vdev);
	/* The table has 32 feature bits only (rproc_virtio_finalize_features). */
	if (vdev->features >> 32)
		return -EINVAL;
	WRITE_ONCE(rp->rsc->gfeatures, (u32)vdev->features);
	return 0;
}

static void rb_vrproc_del_vqs(struct virtio_device *vdev)
{
	struct rb_vrproc *rp = to_rp(vdev);
	struct virtqueue *vq, *n;
	int i;

	if (rp->poller) {
		kthread_stop(rp->poller);
		rp->poller = NULL;
	}
	for (i = 0; i < RB_NUM_VQS; i++)
		rp->vqs[i] = NULL;
	list_for_each_entry_safe(vq, n, &vdev->vqs, list)
		vring_del_virtqueue(vq);
}

static int rb_vrproc_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			      struct virtqueue *vqs[], vq_callback_t *callbacks[],
			      const char *const names[], const bool *ctx,
			      struct irq_affinity *desc)
{
	struct rb_vrproc *rp = to_rp(vdev);
	unsigned int i, q = 0;
	int err;

	if (nvqs > RB_NUM_VQS)
		return -EINVAL;

	for (i = 0; i < nvqs; i++) {
		struct fw_rsc_vdev_vring *r;
		struct virtqueue *vq;
		dma_addr_t da;

		if (!names[i]) {
			vqs[i] = NULL;
			continue;
		}
		r = &rp->rsc->vring[q];
		/*
		 * Linux allocates the ring (remoteproc does so from the
		 * "vdev0vringN" carve-out); legacy layout, the remote's
		 * num and align, strong barriers as in rp_find_vq.
		 */
		vq = vring_create_virtqueue(q, rp->vring_num, rp->vring_align, vdev, false, false,
					    ctx ? ctx[i] : false, rb_vrproc_notify, callbacks[i],
					    names[i]);
		if (!vq) {
			dev_err(&rp->pdev->dev, "vring_create_virtqueue %s failed\n", names[i]);
			err = -ENOMEM;
			goto err_del;
		}
		da = virtqueue_get_desc_addr(vq);
		if (da > U32_MAX) {
			dev_err(&rp->pdev->dev, "vring %u at %pad is beyond 4 GiB\n", q, &da);
			vring_del_virtqueue(vq);
			err = -ERANGE;
			goto err_del;
		}
		/* Tell the remote where the ring is, as rp_find_vq does. */
		WRITE_ONCE(r->da, (u32)da);
		WRITE_ONCE(r->notifyid, q);
		rp->vqs[q] = vq;
		vqs[i] = vq;
		q++;
	}

	rp->poller = kthread_run(rb_vrproc_poll_thread, rp, DRV_NAME "_poll");
	if (IS_ERR(rp->poller)) {
		err = PTR_ERR(rp->poller);
		rp->poller = NULL;
		goto err_del;
	}
	return 0;

err_del:
	rb_vrproc_del_vqs(vdev);
	return err;
}

static const char *rb_vrproc_bus_name(struct virtio_device *vdev)
{
	return dev_name(&to_rp(vdev)->pdev->dev);
}

static const struct virtio_config_ops rb_vrproc_config_ops = {
	.get = rb_vrproc_get,
	.set = rb_vrproc_set,
	.get_status = rb_vrproc_get_status,
	.set_status = rb_vrproc_set_status,
	.reset = rb_vrproc_reset,
	.find_vqs = rb_vrproc_find_vqs,
	.del_vqs = rb_vrproc_del_vqs,
	.get_features = rb_vrproc_get_features,
	.finalize_features = rb_vrproc_finalize_features,
	.bus_name = rb_vrproc_bus_name,
};

/*
 * Find and check the vdev entry of the remote's resource table. Everything
 * is read from memory the remote writes, so every offset and count is
 * checked against the RB_SHM_RSC_MAX bytes of the region.
 */
static int rb_vrproc_parse_rsc(struct rb_vrproc *rp)
{
	struct device *dev = &rp->pdev->dev;
	void *base = rp->ctrl + RB_SHM_RSC_OFFSET;
	struct resource_table *table = base;
	u32 ver = READ_ONCE(table->ver), num = READ_ONCE(table->num), i;

	if (ver != 1) {
		dev_err(dev, "resource table version %u, expected 1\n", ver);
		return -EINVAL;
	}
	if (num > (RB_SHM_RSC_MAX - sizeof(*table)) / sizeof(u32)) {
		dev_err(dev, "resource table claims %u entries\n", num);
		return -EINVAL;
	}
	for (i = 0; i < num; i++) {
		u32 off = READ_ONCE(table->offset[i]);
		struct fw_rsc_hdr *hdr = base + off;
		struct fw_rsc_vdev *v;
		u32 nv, align, vnum;

		if (off < sizeof(*table) + num * sizeof(u32) ||
		    off > RB_SHM_RSC_MAX - sizeof(*hdr) - sizeof(*v)) {
			dev_err(dev, "resource %u at bad offset 0x%x\n", i, off);
			return -EINVAL;
		}
		if (READ_ONCE(hdr->type) != RSC_VDEV)
			continue;
		v = (void *)hdr->data;
		if (READ_ONCE(v->id) != VIRTIO_ID_RPMSG)
			continue;
		nv = READ_ONCE(v->num_of_vrings);
		if (nv != RB_NUM_VQS ||
		    off + sizeof(*hdr) + sizeof(*v) + nv * sizeof(v->vring[0]) +
		    READ_ONCE(v->config_len) > RB_SHM_RSC_MAX) {
			dev_err(dev, "vdev resource: %u vrings, config_len %u\n", nv,
				READ_ONCE(v->config_len));
			return -EINVAL;
		}
		vnum = READ_ONCE(v->vring[0].num);
		align = READ_ONCE(v->vring[0].align);
		if (vnum != READ_ONCE(v->vring[1].num) || align != READ_ONCE(v->vring[1].align) ||
		    !is_power_of_2(vnum) || vnum > 32768 || !is_power_of_2(align) || align < 16) {
			dev_err(dev, "vrings: num %u/%u align %u/%u not usable\n", vnum,
				READ_ONCE(v->vring[1].num), align, READ_ONCE(v->vring[1].align));
			return -EINVAL;
		}
		rp->rsc = v;
		rp->vring_num = vnum;
		rp->vring_align = align;
		return 0;
	}
	dev_err(dev, "no rpmsg vdev in the resource table\n");
	return -ENODEV;
}

static void rb_vrproc_vdev_release(struct device *dev)
{
	struct virtio_device *vdev = dev_to_virtio(dev);

	kfree(to_rp(vdev));
}

static int rb_vrproc_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	unsigned long deadline;
	struct rb_vrproc *rp;
	int err;

	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err)
		return err;

	rp = kzalloc(sizeof(*rp), GFP_KERNEL);
	if (!rp)
		return -ENOMEM;
	rp->pdev = pdev;
	mutex_init(&rp->kick_lock);

	/* E820-reserved guest RAM, shared with the host: cacheable is right. */
	rp->ctrl = memremap(ctrl_pa, RB_SHM_CTRL_SIZE, MEMREMAP_WB);
	if (!rp->ctrl) {
		dev_err(dev, "cannot map the control block at 0x%lx\n", ctrl_pa);
		err = -ENOMEM;
		goto err_free;
	}
	rp->mbox = rp->ctrl;

	/* The remote writes the table first, then magic and remote_ready. */
	deadline = jiffies + msecs_to_jiffies(ready_timeout_ms);
	while (READ_ONCE(rp->mbox->magic) != RB_SHM_MAGIC ||
	       READ_ONCE(rp->mbox->remote_ready) != RB_SHM_READY) {
		if (time_after(jiffies, deadline)) {
			dev_err(dev, "remote not ready at 0x%lx after %u ms (magic 0x%08x)\n",
				ctrl_pa, ready_timeout_ms, READ_ONCE(rp->mbox->magic));
			err = -ETIMEDOUT;
			goto err_unmap;
		}
		msleep(10);
	}
	virt_rmb();
	if (READ_ONCE(rp->mbox->version) != RB_SHM_VERSION) {
		dev_err(dev, "control block version %u, expected %u\n",
			READ_ONCE(rp->mbox->version), RB_SHM_VERSION);
		err = -EINVAL;
		goto err_unmap;
	}
	err = rb_vrproc_parse_rsc(rp);
	if (err)
		goto err_unmap;
	/* Counts continue from what a previous driver instance left. */
	rp->l2r_count = READ_ONCE(rp->mbox->l2r_count);

	rp->vdev.id.device = VIRTIO_ID_RPMSG;
	rp->vdev.config = &rb_vrproc_config_ops;
	rp->vdev.dev.parent = dev;
	rp->vdev.dev.release = rb_vrproc_vdev_release;
	platform_set_drvdata(pdev, rp);

	dev_info(dev, "remote pid %u: vrings of %u, align %u, features 0x%x\n",
		 READ_ONCE(rp->mbox->remote_pid), rp->vring_num, rp->vring_align,
		 READ_ONCE(rp->rsc->dfeatures));

	err = register_virtio_device(&rp->vdev);
	if (err) {
		void *ctrl = rp->ctrl;

		dev_err(dev, "register_virtio_device failed: %d\n", err);
		/* The release callback frees rp. */
		put_device(&rp->vdev.dev);
		memunmap(ctrl);
		return err;
	}
	return 0;

err_unmap:
	memunmap(rp->ctrl);
err_free:
	kfree(rp);
	return err;
}

static int rb_vrproc_remove(struct platform_device *pdev)
{
	struct rb_vrproc *rp = platform_get_drvdata(pdev);
	void *ctrl = rp->ctrl;

	unregister_virtio_device(&rp->vdev);
	memunmap(ctrl);
	return 0;
}

static struct platform_driver rb_vrproc_driver = {
	.probe = rb_vrproc_probe,
	.remove = rb_vrproc_remove,
	.driver = {
		.name = DRV_NAME,
	},
};

static int __init rb_vrproc_init(void)
{
	struct platform_device_info info = {
		.name = DRV_NAME,
		.id = PLATFORM_DEVID_NONE,
		.dma_mask = DMA_BIT_MASK(64),
	};
	int err;

	err = platform_driver_register(&rb_vrproc_driver);
	if (err)
		return err;
	rb_pdev = platform_device_register_full(&info);
	if (IS_ERR(rb_pdev)) {
		platform_driver_unregister(&rb_vrproc_driver);
		return PTR_ERR(rb_pdev);
	}
	/* Fail the load when probe failed, so the guest's /init sees it. */
	if (!platform_get_drvdata(rb_pdev)) {
		platform_device_unregister(rb_pdev);
		platform_driver_unregister(&rb_vrproc_driver);
		return -ENODEV;
	}
	return 0;
}

static void __exit rb_vrproc_exit(void)
{
	platform_device_unregister(rb_pdev);
	platform_driver_unregister(&rb_vrproc_driver);
}

module_init(rb_vrproc_init);
module_exit(rb_vrproc_exit);

MODULE_DESCRIPTION("rpmsg-bench test VM: virtio rpmsg transport over shared guest RAM");
MODULE_LICENSE("GPL");
